import { randomBytes } from 'node:crypto';
import type { BasicCredentials } from '../providers/webhooks/basicAuth';
import type { TencentCallbackSecret } from '../providers/tencent/push/verify';
import type { TencentVendorConfig } from '../providers/tencent/config';
import { createBandwidthSimulator } from './bandwidth';
import { createCometChatSimulator } from './cometchat';
import { createProconfSimulator } from './proconf';
import { createTencentSimulator } from './tencent';
import type { SimulatorCatalog } from './types';

/** Random Basic credentials for a demo receiver. */
function demoBasic(): BasicCredentials {
  return { username: `hook-${randomBytes(6).toString('hex')}`, password: randomBytes(24).toString('base64url') };
}

/**
 * The built-in vendors' simulators, by vendor id: attached here, where the app is wired, so the
 * vendor modules (server/providers) never import their fakes. Credentials are random per start.
 */
export const BUILTIN_SIMULATORS: SimulatorCatalog = {
  proconf: {
    create: ({ random, start }) => createProconfSimulator({ random, start, token: randomBytes(18).toString('base64url') }),
  },
  bandwidth: {
    create: ({ random, start }) =>
      createBandwidthSimulator({
        random,
        start,
        userId: `u-${randomBytes(9).toString('hex')}`,
        apiToken: `t-${randomBytes(12).toString('hex')}`,
        apiSecret: randomBytes(24).toString('base64url'),
      }),
    demoWebhookSecret: demoBasic,
  },
  cometchat: {
    create: ({ random, start }) =>
      createCometChatSimulator({
        random,
        start,
        appId: randomBytes(7).toString('hex'),
        apiKey: randomBytes(20).toString('hex'),
      }),
    demoWebhookSecret: demoBasic,
  },
  tencent: {
    create: ({ random, start }) =>
      createTencentSimulator({
        random,
        start,
        sdkAppId: 1_400_000_000 + randomBytes(3).readUIntBE(0, 3),
        secretKey: randomBytes(32).toString('hex'),
        adminId: 'administrator',
      }),
    // The TRTC console allows up to 32 letters and digits; callbacks name the simulated app.
    demoWebhookSecret: (config: TencentVendorConfig): TencentCallbackSecret => ({
      key: randomBytes(16).toString('hex'),
      sdkAppId: String(config.sdkAppId),
    }),
  },
};
