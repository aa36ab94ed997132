import { z } from 'zod';
import { httpUrl, optionalString } from '../../envFields';
import { missingVariables, type VendorEnvResult } from '../vendorModule';
import { basicWebhookFromEnv, type BasicCredentials } from '../webhooks/basicAuth';

export interface CometChatVendorConfig {
  url: string;
  apiKey: string;
}

export const cometChatEnvSchema = z.object({
  COMETCHAT_API_URL: httpUrl,
  COMETCHAT_APP_ID: optionalString,
  COMETCHAT_REGION: z.enum(['us', 'eu', 'in']).optional(),
  COMETCHAT_API_KEY: optionalString,
  /** The Basic credentials set on the webhook in CometChat's dashboard. */
  COMETCHAT_WEBHOOK_USER: optionalString,
  COMETCHAT_WEBHOOK_PASSWORD: optionalString,
});

/** An explicit COMETCHAT_API_URL, or the vendor's per-app host built from app id and region. */
export function cometChatFromEnv(e: z.infer<typeof cometChatEnvSchema>): VendorEnvResult<CometChatVendorConfig, BasicCredentials> {
  const hook = basicWebhookFromEnv('COMETCHAT_WEBHOOK', e.COMETCHAT_WEBHOOK_USER, e.COMETCHAT_WEBHOOK_PASSWORD);
  if (!hook.ok) return hook;
  const push = hook.secret ? { push: hook.secret } : {};
  if (!e.COMETCHAT_API_URL && !e.COMETCHAT_APP_ID) return { ok: true, config: undefined, policy: {}, ...push };
  const url =
    e.COMETCHAT_API_URL ??
    (e.COMETCHAT_APP_ID && e.COMETCHAT_REGION
      ? `https://${encodeURIComponent(e.COMETCHAT_APP_ID)}.call-${e.COMETCHAT_REGION}.cometchat.io/v3`
      : undefined);
  if (!url || !e.COMETCHAT_API_KEY) {
    const problems = missingVariables(
      {
        COMETCHAT_API_KEY: e.COMETCHAT_API_KEY,
        ...(e.COMETCHAT_API_URL ? {} : { COMETCHAT_REGION: e.COMETCHAT_REGION }),
      },
      'CometChat (COMETCHAT_API_URL or COMETCHAT_APP_ID)',
    );
    return { ok: false, problems };
  }
  return { ok: true, config: { url, apiKey: e.COMETCHAT_API_KEY }, policy: {}, ...push };
}
