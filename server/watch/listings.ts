import type { RoomSummary } from '../../src/contract/dashboard';
import type { ProviderId } from '../../src/contract/ids';
import type { RoomRef } from '../../src/contract/roomAccess';
import type { ProviderSet } from '../providers/registry';

/** One vendor's listing attempt: its rooms, or why it failed. */
export type VendorListing = { provider: ProviderId; ok: true; rooms: RoomSummary[]; observedAt?: string } | { provider: ProviderId; ok: false; error: unknown };

/**
 * How one vendor's listing is read: by default straight from the vendor; with several instances
 * one of them reads it for all (`SharedWatch.listing`) and says when.
 */
export type ListingReader = (provider: ProviderId, read: () => Promise<RoomSummary[]>) => Promise<{ rooms: RoomSummary[]; observedAt?: string }>;

const readDirectly: ListingReader = async (_provider, read) => ({ rooms: await read() });

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
export async function listRooms(providers: ProviderSet, watchRooms: readonly RoomRef[], readListing: ListingReader = readDirectly): Promise<RoomListing> {
  const listers = providers.all().filter((provider) => provider.listRooms !== undefined);
  const vendors = await Promise.all(
    listers.map(async (provider): Promise<VendorListing> => {
      try {
        const read = await readListing(provider.id, async () => (await provider.listRooms?.()) ?? []);
        return { provider: provider.id, ok: true, rooms: read.rooms, ...(read.observedAt ? { observedAt: read.observedAt } : {}) };
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

/** `/api/providers` `listing`: whether the last attempt succeeded, and when the last good one was read. */
export interface ListingStatus {
  ok: boolean;
  observedAt: string | null;
}

/** The watcher's last listings, for the overview: it answers from these and never waits on a vendor. */
export interface ListingBoard {
  record(listing: RoomListing, at: Date): void;
  /** Each vendor's last good listing (or its failure, if it never answered); undefined before the first. */
  last(): RoomListing | undefined;
  statusOf(provider: ProviderId): ListingStatus | null;
}

export function createListingBoard(): ListingBoard {
  let pinned: RoomRef[] | undefined;
  const vendors = new Map<ProviderId, { good: VendorListing | undefined; failed: VendorListing | undefined; status: ListingStatus }>();
  return {
    record(listing, at) {
      pinned = listing.pinned;
      for (const vendor of listing.vendors) {
        const entry = vendors.get(vendor.provider) ?? { good: undefined, failed: undefined, status: { ok: false, observedAt: null } };
        if (vendor.ok) {
          entry.good = vendor;
          entry.status = { ok: true, observedAt: vendor.observedAt ?? at.toISOString() };
        } else {
          entry.failed = vendor;
          entry.status = { ok: false, observedAt: entry.status.observedAt };
        }
        vendors.set(vendor.provider, entry);
      }
    },
    last() {
      if (!pinned) return undefined;
      return { pinned, vendors: [...vendors.values()].flatMap((entry) => (entry.good ? [entry.good] : entry.failed ? [entry.failed] : [])) };
    },
    statusOf: (provider) => vendors.get(provider)?.status ?? null,
  };
}
