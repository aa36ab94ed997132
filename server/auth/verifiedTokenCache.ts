import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { CLOCK_TOLERANCE_SECONDS, type TokenVerifier, type VerifiedToken } from './verifier';

export interface VerifiedTokenCacheOptions {
  /** How many distinct tokens to remember. */
  max?: number;
  /** The longest a verification is reused; bounds how long a JWKS key removal takes to bite. */
  maxAgeMs?: number;
  now?: () => number;
}

/**
 * A dashboard polls with the same token every 2 s, and checking a JWT signature is most of what
 * a cached `/callStatus` costs. This remembers successful verifications (never failures, so junk
 * cannot fill it), keyed by the token's SHA-256 so an 8 KiB token costs 32 bytes of key, for at
 * most `maxAgeMs` and never past the token's own `exp` plus the clock tolerance that verification
 * allowed. A token with a future `nbf` fails verification and is therefore never cached early.
 */
export function cacheVerifiedTokens(inner: TokenVerifier, options: VerifiedTokenCacheOptions = {}): TokenVerifier {
  const now = options.now ?? Date.now;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  // ttlResolution 0: expiry is a security boundary, so read the clock on every lookup.
  const cache = new LRUCache<string, VerifiedToken>({ max: options.max ?? 10_000, ttlResolution: 0, perf: { now } });
  // One-shot hash: no Hash object per poll (a measurable share of a cached poll's cost).
  const keyOf = (token: string) => hash('sha256', token, 'base64');
  return {
    cached(token) {
      return cache.get(keyOf(token));
    },
    async verify(token) {
      const key = keyOf(token);
      const hit = cache.get(key);
      if (hit) return hit;
      const verified = await inner.verify(token);
      if (verified) {
        const untilExpiry = verified.expiresAt.getTime() + CLOCK_TOLERANCE_SECONDS * 1000 - now();
        const ttl = Math.min(maxAgeMs, untilExpiry);
        if (ttl > 0) cache.set(key, verified, { ttl });
      }
      return verified;
    },
  };
}
