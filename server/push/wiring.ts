import type { ProviderId } from '../../src/contract/ids';
import type { PushHookOptions, SeenStore } from './receiver';
import type { WebhookAuth } from './sender';
import type { PushService } from './pushService';

/** What the hook routes need: the secrets that switch each receiver on, and the apply path. */
export interface PushWiring {
  secrets: Readonly<Record<ProviderId, WebhookAuth>>;
  service: PushService;
  seen: SeenStore;
}

/** The receivers' options from the configured secrets: a receiver per secret, no other. */
export function hookOptions(wiring: PushWiring): PushHookOptions {
  const options: PushHookOptions = { seen: wiring.seen, apply: (delivery) => wiring.service.apply(delivery) };
  for (const auth of Object.values(wiring.secrets)) {
    if (auth.provider === 'tencent') options.tencent = auth.secret;
    else options[auth.provider] = auth.credentials;
  }
  return options;
}
