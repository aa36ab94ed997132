import type { ProviderSet } from '../providers/registry';
import type { Provider } from '../providers/types';
import type { PushedFlags } from './pushedFlags';

/** Where flags pushed for a TRTC room are kept (see PushedFlags.record). */
export const trtcRoomKey = (roomId: string) => `room:${roomId}`;

/** One provider whose snapshots carry what webhooks said where polling knows nothing. */
function overlaid(provider: Provider, flags: PushedFlags): Provider {
  const wrapped: Provider = {
    id: provider.id,
    info: provider.info,
    getSnapshot: async (callId) => {
      const snapshot = await provider.getSnapshot(callId);
      const roomId = provider.roomIdForCall?.(callId);
      return flags.overlay(snapshot, roomId === undefined ? undefined : trtcRoomKey(roomId));
    },
    breakerState: () => provider.breakerState(),
    close: () => provider.close(),
  };
  if (provider.getCatchUp) wrapped.getCatchUp = provider.getCatchUp.bind(provider);
  if (provider.listRooms) wrapped.listRooms = provider.listRooms.bind(provider);
  if (provider.invalidate) wrapped.invalidate = provider.invalidate.bind(provider);
  if (provider.callIdForRoom) wrapped.callIdForRoom = provider.callIdForRoom.bind(provider);
  if (provider.roomIdForCall) wrapped.roomIdForCall = provider.roomIdForCall.bind(provider);
  return wrapped;
}

/**
 * The provider set the routes and the watcher read through when push is on: the same
 * adapters, caches and budgets, with pushed recording/transcription laid over their snapshots.
 * `proconf` stays the adapter itself (ProCONF has no push).
 */
export function withPushedFlags(set: ProviderSet, flags: PushedFlags): ProviderSet {
  const wrapped = new Map(set.all().map((p) => [p.id, overlaid(p, flags)]));
  return {
    all: () => [...wrapped.values()],
    get: (id) => wrapped.get(id),
    proconf: set.proconf,
    close: () => set.close(),
  };
}
