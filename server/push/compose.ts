import type { ProviderId } from '../../src/contract/ids';
import type { RoomRef } from '../../src/contract/roomAccess';
import type { ProviderSet } from '../providers/registry';
import type { VendorModule } from '../providers/vendorModule';
import { withPushedFlags } from './overlayProviders';
import { PushedFlags } from './pushedFlags';
import { PushHealth } from './pushHealth';
import { createPushService } from './pushService';
import { SeenEvents } from './idempotency';
import { pushReceivers, type PushWiring } from './wiring';

/** Polling slows to this multiple of its interval while a vendor's webhooks arrive. */
export const PUSH_POLL_SLOWDOWN = 3;
/** No webhook for this long and polling is back to its normal pace. */
export const PUSH_QUIET_MS = 120_000;

export interface ComposedPush {
  /** The providers to read through: pushed flags laid over their snapshots. */
  providers: ProviderSet;
  wiring: PushWiring;
  health: PushHealth;
  /**
   * Where an accepted delivery's rooms are read again. Until a watcher is set, a snapshot
   * read (refilling the cache); with one, its `refresh` (history written by one writer).
   */
  setRefresh(refresh: (room: RoomRef) => Promise<void>): void;
}

/**
 * Everything push needs, around the providers: a receiver for each vendor in `vendors` that
 * has a push part and a secret in `secrets` (by vendor id, each the vendor's own kind);
 * undefined when there is none.
 */
export function composePush(
  providers: ProviderSet,
  vendors: readonly VendorModule[],
  secrets: Readonly<Record<ProviderId, unknown>>,
): ComposedPush | undefined {
  const receivers = pushReceivers(vendors, secrets);
  if (receivers.length === 0) return undefined;
  const roomsOf = (id: ProviderId) => vendors.find((vendor) => vendor.id === id)?.push?.rooms;
  const flags = new PushedFlags();
  const health = new PushHealth({ quietMs: PUSH_QUIET_MS, slowdown: PUSH_POLL_SLOWDOWN });
  const overlaid = withPushedFlags(providers, flags, roomsOf);
  let refresh = async (room: RoomRef): Promise<void> => {
    await overlaid.get(room.provider)?.getSnapshot(room.callId);
  };
  const service = createPushService({ providers, roomsOf, flags, health, refresh: (room) => refresh(room) });
  return {
    providers: overlaid,
    wiring: { receivers, service, seen: new SeenEvents() },
    health,
    setRefresh(next) {
      refresh = next;
    },
  };
}
