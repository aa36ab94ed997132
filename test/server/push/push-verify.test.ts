import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { basicAuthorization, type BasicCredentials } from '../../../server/providers/webhooks/basicAuth';
import { verifyBandwidthCallback } from '../../../server/providers/bandwidth/push/verify';
import { bandwidthCallbackHeaders, callbackUrlWithCredentials } from '../../../server/providers/bandwidth/push/sign';
import { verifyCometChatWebhook } from '../../../server/providers/cometchat/push/verify';
import { cometChatWebhookHeaders } from '../../../server/providers/cometchat/push/sign';
import { tencentSign, verifyTencentCallback, type TencentCallbackSecret } from '../../../server/providers/tencent/push/verify';
import { tencentCallbackHeaders } from '../../../server/providers/tencent/push/sign';
import { TRTC_SIGN_EXAMPLE } from '../../support/fixtures/push-samples';

const credentials: BasicCredentials = { username: 'roomwatch', password: 's3cret' };

/** Both Basic-auth vendors get the same checks; only the function differs. */
const basicVerifiers = [
  { vendor: 'Bandwidth', verify: verifyBandwidthCallback, headers: bandwidthCallbackHeaders },
  { vendor: 'CometChat', verify: verifyCometChatWebhook, headers: cometChatWebhookHeaders },
] as const;

describe.each(basicVerifiers)('$vendor webhook Basic auth', ({ verify, headers }) => {
  const good = headers(credentials).authorization;

  it('accepts the header its simulator signer sends, and only that one', () => {
    expect(good).toBe('Basic cm9vbXdhdGNoOnMzY3JldA==');
    expect(verify(good, credentials)).toEqual({ ok: true });
    // The scheme name is case-insensitive.
    expect(verify(good.replace('Basic', 'basic'), credentials)).toEqual({ ok: true });
  });

  it('refuses a wrong password, a wrong user, and a token of another length', () => {
    expect(verify(basicAuthorization({ ...credentials, password: 's3creT' }), credentials)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify(basicAuthorization({ ...credentials, username: 'roomwatcH' }), credentials)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify('Basic cm9vbXdhdGNo', credentials)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify(`${good}AAAA`, credentials)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a missing, empty, repeated or non-Basic header', () => {
    expect(verify(undefined, credentials)).toEqual({ ok: false, reason: 'missing' });
    expect(verify('', credentials)).toEqual({ ok: false, reason: 'missing' });
    expect(verify([good, good], credentials)).toEqual({ ok: false, reason: 'malformed' });
    expect(verify(good.replace('Basic', 'Bearer'), credentials)).toEqual({ ok: false, reason: 'malformed' });
    expect(verify('cm9vbXdhdGNoOnMzY3JldA==', credentials)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a header with one character changed', () => {
    const altered = `${good.slice(0, -3)}${good.at(-3) === 'd' ? 'e' : 'd'}${good.slice(-2)}`;
    expect(verify(altered, credentials).ok).toBe(false);
  });

  it('property: any header other than the exact one is refused', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (header) => {
        fc.pre(header !== good && header !== good.replace('Basic', 'basic'));
        // Other casings of "Basic" are fine too (RFC 7235); exclude them from "other".
        fc.pre(!(header.slice(0, 6).toLowerCase() === 'basic ' && header.slice(6) === good.slice(6)));
        expect(verify(header, credentials).ok).toBe(false);
      }),
    );
  });

  it('property: a header made for any other credentials is refused', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (username, password) => {
        fc.pre(username !== credentials.username || password !== credentials.password);
        // "a:b:c" splits ambiguously into user and password; so does the real header, and the
        // vendor sends what it was given, so only the joined text has to differ.
        fc.pre(`${username}:${password}` !== 'roomwatch:s3cret');
        expect(verify(basicAuthorization({ username, password }), credentials).ok).toBe(false);
      }),
    );
  });
});

describe('Bandwidth callback URL', () => {
  it('carries the credentials as URL userinfo, the way Catapult v1 documents Basic auth', () => {
    const url = callbackUrlWithCredentials('http://127.0.0.1:8080/hooks/bandwidth', { username: 'bw', password: 'p@ss:word' });
    expect(url).toBe('http://bw:p%40ss%3Aword@127.0.0.1:8080/hooks/bandwidth');
    const parsed = new URL(url);
    expect(decodeURIComponent(parsed.password)).toBe('p@ss:word');
  });
});

describe('Tencent TRTC Sign', () => {
  const secret: TencentCallbackSecret = { key: 'k3yK3yk3y', sdkAppId: '1400000001' };
  const body = Buffer.from(JSON.stringify({ EventGroupId: 1, EventType: 103, EventInfo: { RoomId: 1, UserId: 'u' } }));
  const headers = tencentCallbackHeaders(body, secret);
  const good = { sign: headers.sign, sdkAppId: headers.sdkappid };

  it('matches the documented formula on the documented example body', () => {
    expect(tencentSign(TRTC_SIGN_EXAMPLE.key, Buffer.from(TRTC_SIGN_EXAMPLE.body))).toBe(TRTC_SIGN_EXAMPLE.sign);
  });

  it('accepts a correctly signed body for the configured app', () => {
    expect(verifyTencentCallback(good, body, secret)).toEqual({ ok: true });
  });

  it('refuses a wrong signature, a signature of another length, and a wrong key', () => {
    const flipped = `${good.sign.startsWith('A') ? 'B' : 'A'}${good.sign.slice(1)}`;
    expect(verifyTencentCallback({ ...good, sign: flipped }, body, secret)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyTencentCallback({ ...good, sign: good.sign.slice(0, -2) }, body, secret)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyTencentCallback({ ...good, sign: `${good.sign}==` }, body, secret)).toEqual({ ok: false, reason: 'mismatch' });
    const other = tencentSign('another-key', body);
    expect(verifyTencentCallback({ ...good, sign: other }, body, secret)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a missing Sign or SdkAppId header, and another app', () => {
    expect(verifyTencentCallback({ ...good, sign: undefined }, body, secret)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyTencentCallback({ ...good, sdkAppId: undefined }, body, secret)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyTencentCallback({ ...good, sign: [good.sign, good.sign] }, body, secret)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyTencentCallback({ ...good, sdkAppId: '1400000002' }, body, secret)).toEqual({ ok: false, reason: 'wrong-app' });
  });

  it('refuses the body with any one byte changed', () => {
    for (let i = 0; i < body.length; i += 1) {
      const altered = Buffer.from(body);
      altered[i] = (altered[i]! + 1) % 256;
      expect(verifyTencentCallback(good, altered, secret).ok).toBe(false);
    }
  });

  it('refuses the same JSON re-serialised with other whitespace: the raw bytes are signed', () => {
    const pretty = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 2));
    expect(verifyTencentCallback(good, pretty, secret)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('property: any other body under the same Sign is refused', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (other) => {
        fc.pre(!Buffer.from(other).equals(body));
        expect(verifyTencentCallback(good, other, secret).ok).toBe(false);
      }),
    );
  });

  it('property: any Sign other than the exact one is refused', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 64 }), (sign) => {
        fc.pre(sign !== good.sign);
        expect(verifyTencentCallback({ ...good, sign }, body, secret).ok).toBe(false);
      }),
    );
  });

  it('property: any body signed with the configured key is accepted', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (any) => {
        const h = tencentCallbackHeaders(any, secret);
        expect(verifyTencentCallback({ sign: h.sign, sdkAppId: h.sdkappid }, any, secret)).toEqual({ ok: true });
      }),
    );
  });
});
