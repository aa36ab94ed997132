import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../../webhooks/constantTime';

export interface TencentCallbackSecret {
  /** The callback key set in the TRTC console (up to 32 letters and digits). */
  key: string;
  sdkAppId: string;
}

export type TencentVerifyResult =
  | { ok: true }
  | { ok: false; reason: 'missing' | 'mismatch' | 'wrong-app' };

/**
 * `Sign = base64(hmacsha256(key, body))` over the raw request body exactly as received
 * (trtc.io/document/54912 "Verify Signature Example"); the `SdkAppId` header names the app.
 * The body must be the bytes off the wire: re-serialised JSON would not match.
 */
export function tencentSign(key: string, rawBody: Uint8Array): string {
  return createHmac('sha256', key).update(rawBody).digest('base64');
}

export function verifyTencentCallback(
  headers: { sign: string | string[] | undefined; sdkAppId: string | string[] | undefined },
  rawBody: Uint8Array,
  secret: TencentCallbackSecret,
): TencentVerifyResult {
  const { sign, sdkAppId } = headers;
  if (typeof sign !== 'string' || sign === '' || typeof sdkAppId !== 'string' || sdkAppId === '') {
    return { ok: false, reason: 'missing' };
  }
  // Both checks always run, so the answer's timing does not tell which one failed.
  const signOk = constantTimeEqual(sign, tencentSign(secret.key, rawBody));
  const appOk = constantTimeEqual(sdkAppId, secret.sdkAppId);
  if (!signOk) return { ok: false, reason: 'mismatch' };
  if (!appOk) return { ok: false, reason: 'wrong-app' };
  return { ok: true };
}
