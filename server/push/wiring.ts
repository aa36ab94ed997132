import type { ProviderId } from '../../src/contract/ids';
import type { VendorModule } from '../providers/vendorModule';
import type { PushHookOptions, PushReceiver, SeenStore } from './receiver';
import type { PushService } from './pushService';

/** What the hook routes need: a receiver per configured secret, and the apply path. */
export interface PushWiring {
  receivers: readonly PushReceiver[];
  service: PushService;
  seen: SeenStore;
}

/**
 * A receiver for each vendor in the list that has a push part and a configured secret: the
 * vendors' own descriptors, so a vendor handed to loadConfig gets its `/hooks/<id>` too.
 */
export function pushReceivers(vendors: readonly VendorModule[], secrets: Readonly<Record<ProviderId, unknown>>): PushReceiver[] {
  return vendors.flatMap((vendor) =>
    vendor.push && vendor.id in secrets ? [{ vendor: vendor.id, push: vendor.push, secret: secrets[vendor.id] }] : [],
  );
}

/** The receivers' options from the wiring. */
export function hookOptions(wiring: PushWiring): PushHookOptions {
  return { receivers: wiring.receivers, seen: wiring.seen, apply: (delivery) => wiring.service.apply(delivery) };
}
