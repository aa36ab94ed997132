import type { ShareRevocations } from './shareRevocations';
import type { TokenVerifier, VerifiedToken } from './verifier';

/**
 * Refuses the token of a revoked share link, whether it arrives in the exchange body, a bearer
 * header or the session cookie made from it (the cookie holds the token, so it carries the link's
 * `jti`). It wraps the verification cache: a cached verification is still checked on every
 * request, so a revocation bites on the next one.
 */
export function refuseRevokedLinks(inner: TokenVerifier, revocations: ShareRevocations): TokenVerifier {
  const unlessRevoked = (verified: VerifiedToken | null) =>
    verified?.shareLinkId !== undefined && revocations.isRevoked(verified.shareLinkId) ? null : verified;
  return {
    cached(token) {
      const verified = inner.cached?.(token);
      return verified === undefined ? undefined : unlessRevoked(verified);
    },
    async verify(token) {
      return unlessRevoked(await inner.verify(token));
    },
  };
}
