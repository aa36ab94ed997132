import { z } from 'zod';
import { httpUrl, optionalRate, optionalString } from '../../envFields';
import { missingVariables, type VendorEnvResult } from '../vendorModule';

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
});

export function tencentFromEnv(e: z.infer<typeof tencentEnvSchema>): VendorEnvResult<TencentVendorConfig> {
  const policy = e.TENCENT_RATE_PER_SECOND === undefined ? {} : { ratePerSecond: e.TENCENT_RATE_PER_SECOND };
  if (!e.TENCENT_API_URL) return { ok: true, config: undefined, policy };
  const { TENCENT_SDKAPPID: sdkAppId, TENCENT_SECRET_KEY: secretKey } = e;
  if (!sdkAppId || !secretKey) {
    const problems = missingVariables(
      { TENCENT_SDKAPPID: sdkAppId, TENCENT_SECRET_KEY: secretKey },
      'Tencent (TENCENT_API_URL)',
    );
    return { ok: false, problems };
  }
  return { ok: true, config: { url: e.TENCENT_API_URL, sdkAppId, secretKey, adminId: e.TENCENT_ADMIN_ID }, policy };
}
