import { describe, expect, it } from 'vitest';
import { refuseRevokedLinks } from '../../../server/auth/revokedLinks';
import { cacheVerifiedTokens } from '../../../server/auth/verifiedTokenCache';
import { LocalShareRevocations } from '../../../server/auth/shareRevocations';
import type { TokenVerifier, VerifiedToken } from '../../../server/auth/verifier';

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

  it('answers a remembered token at once, and only while verify would reuse it', async () => {
    const clock = { now: T0 };
    const inner = fakeSignatureCheck({ short: moderator(10_000) }, clock);
    const cached = cacheVerifiedTokens(inner.verifier, { now: () => clock.now });
    expect(cached.cached?.('short')).toBeUndefined();
    await cached.verify('short');
    expect(cached.cached?.('short')?.identity.sub).toBe('mia');
    expect(cached.cached?.('forged')).toBeUndefined();
    clock.now = T0 + 41_000;
    expect(cached.cached?.('short')).toBeUndefined();
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

describe('refuseRevokedLinks', () => {
  it("refuses a revoked link's remembered token at once, as verify does", async () => {
    const clock = { now: T0 };
    const link: VerifiedToken = { ...moderator(3600_000), shareLinkId: 'link-0123456789ab' };
    const inner = fakeSignatureCheck({ shared: link }, clock);
    const revocations = new LocalShareRevocations(() => clock.now);
    const verifier = refuseRevokedLinks(cacheVerifiedTokens(inner.verifier, { now: () => clock.now }), revocations);
    expect(verifier.cached?.('shared')).toBeUndefined();
    expect(await verifier.verify('shared')).not.toBeNull();
    expect(verifier.cached?.('shared')?.shareLinkId).toBe('link-0123456789ab');
    await revocations.revoke('link-0123456789ab', T0 + 3600_000);
    expect(verifier.cached?.('shared')).toBeNull();
    expect(await verifier.verify('shared')).toBeNull();
  });
});
