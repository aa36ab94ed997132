import { defineVendor } from '../vendorModule';
import { tencentPush } from './push';
import { tencentEnvSchema, tencentFromEnv } from './config';
import { TencentProvider } from './provider';

/** Tencent TUICallKit call engine v4: one live call's members; no listing, no summaries. */
export const tencentVendor = defineVendor({
  id: 'tencent',
  label: 'Tencent',
  capabilities: { catchUp: false, recording: false, transcription: false, participants: true, roomListing: false },
  envSchema: tencentEnvSchema,
  fromEnv: tencentFromEnv,
  // Tencent allows 200 requests/s per app: 180/s plus a burst of 20 never passes 200 in any second.
  policyDefaults: { ratePerSecond: 180, rateBurst: 20 },
  createProvider: (config, deps) => new TencentProvider({ config, ...deps }),
  push: tencentPush,
});
