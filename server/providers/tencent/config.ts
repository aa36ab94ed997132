import { z } from 'zod';
import { httpUrl, optionalRate, optionalString } from '../../envFields';
import { missingVariables, type VendorEnvResult } from '../vendorModule';
import type { TencentCallbackSecret } from './push/verify';

export interface TencentVendorConfig {
  url: string;
  sdkAppId: number;
  secretKey: string;
  adminId: string;
}

export const tencentEnvSchema = z.object({
  TENCENT_API_URL: httpUrl,
  TENCENT_SDKAPPID: z.coerce.number().int().positive().optional(),
  TENCENT_SECRET_KEY: optionalString,
  TENCENT_ADMIN_ID: z.string().trim().min(1).default('administrator'),
  TENCENT_RATE_PER_SECOND: optionalRate,
  /** The TRTC console's callback key (letters and digits, at most 32): turns /hooks/tencent on. */
  TENCENT_CALLBACK_KEY: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{1,32}$/, 'must be 1 to 32 letters and digits, as the TRTC console allows')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

export function tencentFromEnv(e: z.infer<typeof tencentEnvSchema>): VendorEnvResult<TencentVendorConfig, TencentCallbackSecret> {
  const policy = e.TENCENT_RATE_PER_SECOND === undefined ? {} : { ratePerSecond: e.TENCENT_RATE_PER_SECOND };
  if (e.TENCENT_CALLBACK_KEY !== undefined && e.TENCENT_SDKAPPID === undefined) {
    return { ok: false, problems: ['TENCENT_SDKAPPID: required with TENCENT_CALLBACK_KEY (callbacks name their app)'] };
  }
  const push =
    e.TENCENT_CALLBACK_KEY !== undefined && e.TENCENT_SDKAPPID !== undefined
      ? { push: { key: e.TENCENT_CALLBACK_KEY, sdkAppId: String(e.TENCENT_SDKAPPID) } }
      : {};
  if (!e.TENCENT_API_URL) return { ok: true, config: undefined, policy, ...push };
  const { TENCENT_SDKAPPID: sdkAppId, TENCENT_SECRET_KEY: secretKey } = e;
  if (!sdkAppId || !secretKey) {
    const problems = missingVariables(
      { TENCENT_SDKAPPID: sdkAppId, TENCENT_SECRET_KEY: secretKey },
      'Tencent (TENCENT_API_URL)',
    );
    return { ok: false, problems };
  }
  return { ok: true, config: { url: e.TENCENT_API_URL, sdkAppId, secretKey, adminId: e.TENCENT_ADMIN_ID }, policy, ...push };
}
