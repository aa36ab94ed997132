import { z } from 'zod';
import { httpUrl, optionalRate, optionalString } from '../../envFields';
import { missingVariables, type VendorEnvResult } from '../vendorModule';

export interface BandwidthVendorConfig {
  url: string;
  userId: string;
  apiToken: string;
  apiSecret: string;
}

export const bandwidthEnvSchema = z.object({
  BANDWIDTH_API_URL: httpUrl,
  BANDWIDTH_USER_ID: optionalString,
  BANDWIDTH_API_TOKEN: optionalString,
  BANDWIDTH_API_SECRET: optionalString,
  BANDWIDTH_RATE_PER_SECOND: optionalRate,
});

export function bandwidthFromEnv(e: z.infer<typeof bandwidthEnvSchema>): VendorEnvResult<BandwidthVendorConfig> {
  const policy = e.BANDWIDTH_RATE_PER_SECOND === undefined ? {} : { ratePerSecond: e.BANDWIDTH_RATE_PER_SECOND };
  if (!e.BANDWIDTH_API_URL) return { ok: true, config: undefined, policy };
  const { BANDWIDTH_USER_ID: userId, BANDWIDTH_API_TOKEN: apiToken, BANDWIDTH_API_SECRET: apiSecret } = e;
  if (!userId || !apiToken || !apiSecret) {
    const problems = missingVariables(
      { BANDWIDTH_USER_ID: userId, BANDWIDTH_API_TOKEN: apiToken, BANDWIDTH_API_SECRET: apiSecret },
      'Bandwidth (BANDWIDTH_API_URL)',
    );
    return { ok: false, problems };
  }
  return { ok: true, config: { url: e.BANDWIDTH_API_URL, userId, apiToken, apiSecret }, policy };
}
