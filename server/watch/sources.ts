import type { CatchUp } from '../../src/contract/dashboard';
import type { CallSnapshot } from '../../src/contract/snapshot';
import type { RoomRef } from '../../src/contract/roomAccess';
import { UpstreamError } from '../errors';
import type { ProviderSet } from '../providers/registry';
import type { ListedRoom } from './watcher';

export interface RoomSources {
  listRooms(): Promise<ListedRoom[]>;
  getSnapshot(room: RoomRef): Promise<CallSnapshot>;
  getCatchUp(room: RoomRef): Promise<CatchUp | undefined>;
}

/**
 * The watcher's view of the vendors, through the same provider objects (and so the same cache,
 * coalescing and budgets) the API uses: a watched room is one more reader of an entry a viewer
 * reads anyway. The listing is what `GET /api/rooms` lists for a moderator: every vendor listing
 * that answers, plus WATCH_ROOMS.
 */
export function roomSources(providers: ProviderSet, watchRooms: readonly RoomRef[]): RoomSources {
  const valid = (room: RoomRef) => providers.get(room.provider) !== undefined;
  return {
    async listRooms() {
      const listings = await Promise.allSettled(providers.all().flatMap((p) => (p.listRooms ? [p.listRooms()] : [])));
      const listed: ListedRoom[] = listings.flatMap((result) =>
        result.status === 'fulfilled' ? result.value.map(({ provider, callId, state }) => ({ provider, callId, state })) : [],
      );
      return [...listed, ...watchRooms.map(({ provider, callId }) => ({ provider, callId }))].filter(valid);
    },
    async getSnapshot(room) {
      const provider = providers.get(room.provider);
      if (!provider) throw new UpstreamError(room.provider, 'not_found', 'no such provider or call id');
      return provider.getSnapshot(room.callId);
    },
    async getCatchUp(room) {
      const provider = providers.get(room.provider);
      if (!provider?.getCatchUp || !provider.info.capabilities.catchUp) return undefined;
      return provider.getCatchUp(room.callId);
    },
  };
}
