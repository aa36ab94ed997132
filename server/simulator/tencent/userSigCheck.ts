import { createHmac, timingSafeEqual } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { z } from 'zod';

/**
 * The vendor side of TLSSigAPIv2: undo Tencent's base64 alphabet, inflate, read the JSON,
 * recompute the HMAC with the app's secret key and check the lifetime. Written separately
 * from the BFF's generator on purpose, so a bug there cannot be mirrored here.
 */

const sigDocSchema = z.object({
  'TLS.ver': z.literal('2.0'),
  'TLS.identifier': z.string(),
  'TLS.sdkappid': z.number().int(),
  'TLS.time': z.number().int(),
  'TLS.expire': z.number().int(),
  'TLS.sig': z.string(),
});
export type SigDoc = z.infer<typeof sigDocSchema>;

/** Tencent's REST error codes for a bad UserSig. */
export type SigVerdict = { ok: true; doc: SigDoc } | { ok: false; code: 70001 | 70003 | 70009; info: string };

export function decodeUserSig(userSig: string): SigDoc | undefined {
  try {
    const b64 = userSig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
    const json: unknown = JSON.parse(inflateSync(Buffer.from(b64, 'base64')).toString('utf8'));
    const doc = sigDocSchema.safeParse(json);
    return doc.success ? doc.data : undefined;
  } catch {
    return undefined;
  }
}

export function verifyUserSig(
  userSig: string,
  expected: { sdkAppId: number; identifier: string; secretKey: string },
  nowS: number,
): SigVerdict {
  const doc = decodeUserSig(userSig);
  if (!doc) return { ok: false, code: 70003, info: 'Failed to parse the UserSig.' };
  if (doc['TLS.sdkappid'] !== expected.sdkAppId || doc['TLS.identifier'] !== expected.identifier) {
    return { ok: false, code: 70009, info: 'UserSig verification failed: identifier or sdkappid mismatch.' };
  }
  const content =
    `TLS.identifier:${doc['TLS.identifier']}\nTLS.sdkappid:${doc['TLS.sdkappid']}\n` +
    `TLS.time:${doc['TLS.time']}\nTLS.expire:${doc['TLS.expire']}\n`;
  const want = createHmac('sha256', expected.secretKey).update(content).digest();
  const got = Buffer.from(doc['TLS.sig'], 'base64');
  if (got.length !== want.length || !timingSafeEqual(got, want)) {
    return { ok: false, code: 70009, info: 'UserSig verification failed.' };
  }
  if (doc['TLS.time'] + doc['TLS.expire'] < nowS) return { ok: false, code: 70001, info: 'UserSig expired.' };
  return { ok: true, doc };
}
