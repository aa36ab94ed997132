import type { CatchUp } from '../../src/contract/dashboard';
import type { CallSnapshot } from '../../src/contract/snapshot';
import type { RoomRef } from '../../src/contract/roomAccess';
import { UpstreamError } from '../errors';
import type { ProviderSet } from '../providers/registry';
import { listRooms, listedRooms, type ListingReader, type RoomListing } from './listings';
import type { ListedRoom } from './types';

export interface RoomSources {
  listRooms(): Promise<ListedRoom[]>;
  getSnapshot(room: RoomRef): Promise<CallSnapshot>;
  getCatchUp(room: RoomRef): Promise<CatchUp | undefined>;
}

/**
 * The watcher's view of the vendors, through the same provider objects (and so the same cache,
 * coalescing and budgets) the API uses. The listing is the one `GET /api/rooms` lists (listings.ts).
 */
export function roomSources(providers: ProviderSet, watchRooms: readonly RoomRef[], onListing?: (listing: RoomListing) => void, readListing?: ListingReader): RoomSources {
  return {
    async listRooms() {
      const listing = await listRooms(providers, watchRooms, readListing);
      onListing?.(listing);
      const { listed, pinned } = listedRooms(listing);
      return [...listed.map(({ provider, callId, state }) => ({ provider, callId, state })), ...pinned];
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
