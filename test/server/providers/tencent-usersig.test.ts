import { createHmac } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { generateUserSig, UserSigCache } from '../../../server/providers/tencent/userSig';
import { verifyUserSig } from '../../../server/simulator/tencent/userSigCheck';

const PARAMS = { sdkAppId: 1400000001, identifier: 'administrator', secretKey: '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e' };

/** Decoded by hand here, independently of both the generator and the simulator's checker. */
function decode(sig: string): Record<string, unknown> {
  const b64 = sig.replaceAll('*', '+').replaceAll('-', '/').replaceAll('_', '=');
  return JSON.parse(inflateSync(Buffer.from(b64, 'base64')).toString('utf8')) as Record<string, unknown>;
}

describe('Tencent UserSig (TLSSigAPIv2)', () => {
  it('decodes to the documented JSON, and its HMAC verifies with the secret key', () => {
    const sig = generateUserSig(PARAMS, 1_700_000_000, 86_400);
    expect(sig).toMatch(/^[A-Za-z0-9*_-]+$/);
    const doc = decode(sig);
    expect(Object.keys(doc)).toEqual(['TLS.ver', 'TLS.identifier', 'TLS.sdkappid', 'TLS.time', 'TLS.expire', 'TLS.sig']);
    expect(doc).toMatchObject({
      'TLS.ver': '2.0',
      'TLS.identifier': 'administrator',
      'TLS.sdkappid': 1400000001,
      'TLS.time': 1_700_000_000,
      'TLS.expire': 86_400,
    });
    const expected = createHmac('sha256', PARAMS.secretKey)
      .update('TLS.identifier:administrator\nTLS.sdkappid:1400000001\nTLS.time:1700000000\nTLS.expire:86400\n')
      .digest('base64');
    expect(doc['TLS.sig']).toBe(expected);
  });

  it('is accepted by the simulator, which refuses a wrong key and an expired sig', () => {
    const sig = generateUserSig(PARAMS, 1_700_000_000, 3600);
    expect(verifyUserSig(sig, PARAMS, 1_700_000_100).ok).toBe(true);
    expect(verifyUserSig(sig, { ...PARAMS, secretKey: 'other' }, 1_700_000_100)).toMatchObject({ ok: false, code: 70009 });
    expect(verifyUserSig(sig, { ...PARAMS, identifier: 'someone' }, 1_700_000_100)).toMatchObject({ ok: false, code: 70009 });
    expect(verifyUserSig(sig, PARAMS, 1_700_003_601)).toMatchObject({ ok: false, code: 70001 });
    expect(verifyUserSig('not*a*sig', PARAMS, 1_700_000_100)).toMatchObject({ ok: false, code: 70003 });
  });

  it('is reused until close to expiry, then renewed', () => {
    let now = 1_700_000_000_000;
    const cache = new UserSigCache({ ...PARAMS, ttlSeconds: 7200, renewBeforeSeconds: 600, now: () => now });
    const first = cache.get();
    now += 3600_000;
    expect(cache.get()).toBe(first);
    // 6,700 s in: 500 s left, inside the renewal window.
    now += 3100_000;
    const renewed = cache.get();
    expect(renewed).not.toBe(first);
    expect(decode(renewed)['TLS.time']).toBe(1_700_006_700);
    expect(verifyUserSig(renewed, PARAMS, 1_700_006_700 + 7000).ok).toBe(true);
  });

  it('renews a sig that has already expired, and after invalidate()', () => {
    let now = 1_700_000_000_000;
    const cache = new UserSigCache({ ...PARAMS, ttlSeconds: 60, now: () => now });
    const first = cache.get();
    now += 120_000;
    const second = cache.get();
    expect(second).not.toBe(first);
    expect(verifyUserSig(second, PARAMS, now / 1000).ok).toBe(true);
    now += 1000;
    cache.invalidate();
    expect(decode(cache.get())['TLS.time']).toBe(1_700_000_121);
  });
});
