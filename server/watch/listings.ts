import type { RoomSummary } from '../../src/contract/dashboard';
import type { ProviderId } from '../../src/contract/ids';
import type { RoomRef } from '../../src/contract/roomAccess';
import type { ProviderSet } from '../providers/registry';

/** One vendor's listing attempt: its rooms, or why it failed. */
export type VendorListing = { provider: ProviderId; ok: true; rooms: RoomSummary[] } | { provider: ProviderId; ok: false; error: unknown };

/** Every vendor that can list, read once; and the pinned rooms (WATCH_ROOMS) whose vendor is configured. */
export interface RoomListing {
  vendors: VendorListing[];
  pinned: RoomRef[];
}

/**
 * THE room listing: what `GET /api/rooms` lists for a moderator and what the watcher watches.
 * Every vendor listing is read (a failing one is reported, not thrown: the others still count),
 * plus WATCH_ROOMS (with the simulator, the demo calls of vendors that cannot list).
 */
export async function listRooms(providers: ProviderSet, watchRooms: readonly RoomRef[]): Promise<RoomListing> {
  const listers = providers.all().filter((provider) => provider.listRooms !== undefined);
  const vendors = await Promise.all(
    listers.map(async (provider): Promise<VendorListing> => {
      try {
        return { provider: provider.id, ok: true, rooms: (await provider.listRooms?.()) ?? [] };
      } catch (error) {
        return { provider: provider.id, ok: false, error };
      }
    }),
  );
  const pinned = watchRooms
    .filter((room) => providers.get(room.provider) !== undefined)
    .map(({ provider, callId }) => ({ provider, callId }));
  return { vendors, pinned };
}

/** The listed rooms first (with their state), then the pinned ones not listed. */
export function listedRooms(listing: RoomListing): { listed: RoomSummary[]; pinned: RoomRef[] } {
  const listed = listing.vendors.flatMap((vendor) => (vendor.ok ? vendor.rooms : []));
  const named = new Set(listed.map((room) => `${room.provider}:${room.callId}`));
  return { listed, pinned: listing.pinned.filter((room) => !named.has(`${room.provider}:${room.callId}`)) };
}
