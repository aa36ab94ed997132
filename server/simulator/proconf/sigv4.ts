import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * AWS Signature Version 4, checked the way S3 checks a header-signed request: rebuild the
 * canonical request from what arrived, derive the signing key from the secret, compare the
 * signature. Enough of S3 for the simulator to refuse a wrong secret as S3 would.
 */

export interface SigV4Request {
  method: string;
  /** The request target as sent: path (still percent-encoded) and query. */
  rawUrl: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

export type SigV4Result =
  | { ok: true; accessKeyId: string }
  | { ok: false; code: 'AccessDenied' | 'InvalidAccessKeyId' | 'SignatureDoesNotMatch' | 'RequestTimeTooSkewed'; message: string };

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;
const MAX_SKEW_MS = 15 * 60_000;

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

function header(headers: SigV4Request['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** Query pairs sorted by name then value, as sent (the SDK already encoded them per RFC 3986). */
function canonicalQuery(query: string): string {
  if (query === '') return '';
  return query
    .split('&')
    .map((pair) => {
      const [name = '', value = ''] = pair.split('=', 2);
      return [name, value] as const;
    })
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

export function canonicalRequest(request: SigV4Request, signedHeaders: string[]): string {
  const [path = '/', query = ''] = request.rawUrl.split('?', 2);
  const headerLines = signedHeaders.map((name) => `${name}:${(header(request.headers, name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const payloadHash = header(request.headers, 'x-amz-content-sha256') ?? 'UNSIGNED-PAYLOAD';
  // S3 signs the path as sent: it is not normalised or encoded a second time.
  return [request.method, path, canonicalQuery(query), headerLines, signedHeaders.join(';'), payloadHash].join('\n');
}

/** `secrets`: access key id → secret access key. */
export function verifySigV4(request: SigV4Request, secrets: ReadonlyMap<string, string>, now: number = Date.now()): SigV4Result {
  const auth = header(request.headers, 'authorization');
  const match = auth ? AUTH_PATTERN.exec(auth) : null;
  if (!match) return { ok: false, code: 'AccessDenied', message: 'Access Denied' };
  const [, accessKeyId = '', date = '', region = '', service = '', signed = '', signature = ''] = match;
  const secret = secrets.get(accessKeyId);
  if (secret === undefined) {
    return { ok: false, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' };
  }
  const amzDate = header(request.headers, 'x-amz-date') ?? '';
  const at = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!at || !amzDate.startsWith(date)) return { ok: false, code: 'AccessDenied', message: 'Access Denied' };
  const when = Date.UTC(Number(at[1]), Number(at[2]) - 1, Number(at[3]), Number(at[4]), Number(at[5]), Number(at[6]));
  if (Math.abs(now - when) > MAX_SKEW_MS) {
    return { ok: false, code: 'RequestTimeTooSkewed', message: 'The difference between the request time and the current time is too large.' };
  }
  const signedHeaders = signed.split(';');
  if (!signedHeaders.includes('host')) return { ok: false, code: 'AccessDenied', message: 'Access Denied' };

  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest(request, signedHeaders))].join('\n');
  const expected = createHmac('sha256', signingKey(secret, date, region, service)).update(stringToSign, 'utf8').digest();
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      ok: false,
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    };
  }
  return { ok: true, accessKeyId };
}
