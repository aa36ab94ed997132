import type { ProviderId } from '../../src/contract/ids';
import type { ProviderSet } from '../providers/registry';
import type { Provider } from '../providers/types';
import type { PushRooms } from '../providers/webhooks/vendorPush';
import type { PushedFlags } from './pushedFlags';

/** Where flags pushed under a vendor's own room id are kept (see PushedFlags.record). */
export const roomKey = (roomId: string) => `room:${roomId}`;

/** A vendor's room lookup, for vendors whose webhooks name rooms (VendorPush.rooms). */
export type RoomsOf = (provider: ProviderId) => PushRooms | undefined;

/** One provider whose snapshots carry what webhooks said where polling knows nothing. */
function overlaid(provider: Provider, flags: PushedFlags, rooms: PushRooms | undefined): Provider {
  const wrapped: Provider = {
    id: provider.id,
    info: provider.info,
    getSnapshot: async (callId) => {
      const snapshot = await provider.getSnapshot(callId);
      const roomId = rooms?.roomIdOf(provider, callId);
      return flags.overlay(snapshot, roomId === undefined ? undefined : roomKey(roomId));
    },
    breakerState: () => provider.breakerState(),
    close: () => provider.close(),
  };
  if (provider.getCatchUp) wrapped.getCatchUp = provider.getCatchUp.bind(provider);
  if (provider.listRooms) wrapped.listRooms = provider.listRooms.bind(provider);
  if (provider.invalidate) wrapped.invalidate = provider.invalidate.bind(provider);
  return wrapped;
}

/**
 * The provider set the routes and the watcher read through when push is on: the same
 * adapters, caches and budgets, with pushed recording/transcription laid over their snapshots.
 * `proconf` (the application-server reads) stays as it is: those are ProCONF's own shapes, not snapshots.
 */
export function withPushedFlags(set: ProviderSet, flags: PushedFlags, roomsOf: RoomsOf): ProviderSet {
  const wrapped = new Map(set.all().map((p) => [p.id, overlaid(p, flags, roomsOf(p.id))]));
  return {
    all: () => [...wrapped.values()],
    get: (id) => wrapped.get(id),
    proconf: set.proconf,
    close: () => set.close(),
  };
}
