import { z } from 'zod';
import { httpUrl, optionalRate, optionalString } from '../../envFields';
import { missingVariables, type VendorEnvResult } from '../vendorModule';
import { basicWebhookFromEnv, type BasicCredentials } from '../webhooks/basicAuth';

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
  /** Credentials put in each conference's callbackUrl (`https://user:password@host/hooks/bandwidth`). */
  BANDWIDTH_WEBHOOK_USER: optionalString,
  BANDWIDTH_WEBHOOK_PASSWORD: optionalString,
});

export function bandwidthFromEnv(e: z.infer<typeof bandwidthEnvSchema>): VendorEnvResult<BandwidthVendorConfig, BasicCredentials> {
  const rate = e.BANDWIDTH_RATE_PER_SECOND === undefined ? {} : { ratePerSecond: e.BANDWIDTH_RATE_PER_SECOND };
  const hook = basicWebhookFromEnv('BANDWIDTH_WEBHOOK', e.BANDWIDTH_WEBHOOK_USER, e.BANDWIDTH_WEBHOOK_PASSWORD);
  if (!hook.ok) return hook;
  const policy = rate;
  const push = hook.secret ? { push: hook.secret } : {};
  if (!e.BANDWIDTH_API_URL) return { ok: true, config: undefined, policy, ...push };
  const { BANDWIDTH_USER_ID: userId, BANDWIDTH_API_TOKEN: apiToken, BANDWIDTH_API_SECRET: apiSecret } = e;
  if (!userId || !apiToken || !apiSecret) {
    const problems = missingVariables(
      { BANDWIDTH_USER_ID: userId, BANDWIDTH_API_TOKEN: apiToken, BANDWIDTH_API_SECRET: apiSecret },
      'Bandwidth (BANDWIDTH_API_URL)',
    );
    return { ok: false, problems };
  }
  return { ok: true, config: { url: e.BANDWIDTH_API_URL, userId, apiToken, apiSecret }, policy, ...push };
}
