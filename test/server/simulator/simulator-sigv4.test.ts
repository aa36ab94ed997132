import { describe, expect, it } from 'vitest';
import { verifySigV4 } from '../../../server/simulator/proconf/sigv4';

// The worked example of AWS's "Signature Calculations for the Authorization Header" page for S3
// (GET Object, header-signed): its keys, request and published signature.
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const AT = Date.parse('2013-05-24T00:00:00Z');
/** The credential scope's day: the example's, as the check is given the example's clock (AT). */
const DAY = new Date(AT).toISOString().slice(0, 10).replaceAll('-', '');
const SIGNATURE = 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41';

function example(overrides: { secret?: string; signature?: string; range?: string; rawUrl?: string; now?: number } = {}) {
  const headers = {
    host: 'examplebucket.s3.amazonaws.com',
    range: overrides.range ?? 'bytes=0-9',
    'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'x-amz-date': '20130524T000000Z',
    authorization: `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/${DAY}/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=${overrides.signature ?? SIGNATURE}`,
  };
  return verifySigV4(
    { method: 'GET', rawUrl: overrides.rawUrl ?? '/test.txt', headers },
    new Map([[ACCESS_KEY, overrides.secret ?? SECRET]]),
    overrides.now ?? AT,
  );
}

describe('the simulator’s SigV4 check', () => {
  it('accepts AWS’s published example signature', () => {
    expect(example()).toEqual({ ok: true, accessKeyId: ACCESS_KEY });
  });

  it('refuses a wrong secret, a changed signed header, another path, as S3 does', () => {
    expect(example({ secret: `${SECRET}x` })).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    expect(example({ range: 'bytes=0-10' })).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    expect(example({ rawUrl: '/other.txt' })).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    expect(example({ signature: SIGNATURE.replace(/^f/, 'e') })).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
  });

  it('refuses an unknown key, a missing or malformed header, and a stale date', () => {
    expect(verifySigV4({ method: 'GET', rawUrl: '/test.txt', headers: {} }, new Map([[ACCESS_KEY, SECRET]]), AT)).toMatchObject({ ok: false, code: 'AccessDenied' });
    expect(
      verifySigV4(
        { method: 'GET', rawUrl: '/test.txt', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x' } },
        new Map([[ACCESS_KEY, SECRET]]),
        AT,
      ),
    ).toMatchObject({ ok: false, code: 'AccessDenied' });
    expect(verifySigV4({ method: 'GET', rawUrl: '/test.txt', headers: { authorization: 'Bearer x' } }, new Map(), AT)).toMatchObject({ ok: false });
    expect(example({ now: AT + 16 * 60_000 })).toMatchObject({ ok: false, code: 'RequestTimeTooSkewed' });
  });
});
