import { describe, expect, it } from 'vitest';
import { cacheVerifiedTokens } from '../../server/auth/verifiedTokenCache';
import type { TokenVerifier, VerifiedToken } from '../../server/auth/verifier';

const T0 = Date.parse('2026-11-21T12:00:00.000Z');

/** Stands in for jose: a fixed table of tokens it accepts, and a count of how often it was asked. */
function fakeSignatureCheck(accepted: Record<string, VerifiedToken>, clock: { now: number }) {
  let calls = 0;
  const verifier: TokenVerifier = {
    async verify(token) {
      calls += 1;
      const found = accepted[token];
      return found && found.expiresAt.getTime() + 30_000 > clock.now ? found : null;
    },
  };
  return { verifier, calls: () => calls };
}

const moderator = (expiresInMs: number): VerifiedToken => ({
  identity: { sub: 'mia', role: 'moderator', rooms: null },
  expiresAt: new Date(T0 + expiresInMs),
});

describe('cacheVerifiedTokens', () => {
  it('checks a polling token’s signature once, not on every poll', async () => {
    const clock = { now: T0 };
    const inner = fakeSignatureCheck({ good: moderator(3600_000) }, clock);
    const cached = cacheVerifiedTokens(inner.verifier, { now: () => clock.now });
    for (let i = 0; i < 30; i += 1) expect((await cached.verify('good'))?.identity.sub).toBe('mia');
    expect(inner.calls()).toBe(1);
  });

  it('never remembers a failure, so junk tokens cannot fill it', async () => {
    const clock = { now: T0 };
    const inner = fakeSignatureCheck({}, clock);
    const cached = cacheVerifiedTokens(inner.verifier, { now: () => clock.now });
    expect(await cached.verify('forged')).toBeNull();
    expect(await cached.verify('forged')).toBeNull();
    expect(inner.calls()).toBe(2);
  });

  it('stops accepting a token once it expires (plus the 30 s tolerance), cache or not', async () => {
    const clock = { now: T0 };
    const inner = fakeSignatureCheck({ short: moderator(10_000) }, clock);
    const cached = cacheVerifiedTokens(inner.verifier, { now: () => clock.now });
    expect(await cached.verify('short')).not.toBeNull();
    clock.now = T0 + 39_000;
    expect(await cached.verify('short')).not.toBeNull();
    expect(inner.calls()).toBe(1);
    clock.now = T0 + 41_000;
    expect(await cached.verify('short')).toBeNull();
  });

  it('re-checks after maxAge even for a long-lived token', async () => {
    const clock = { now: T0 };
    const inner = fakeSignatureCheck({ good: moderator(3600_000) }, clock);
    const cached = cacheVerifiedTokens(inner.verifier, { now: () => clock.now, maxAgeMs: 60_000 });
    await cached.verify('good');
    clock.now = T0 + 61_000;
    await cached.verify('good');
    expect(inner.calls()).toBe(2);
  });
});
