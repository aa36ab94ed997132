import type { RoomSummary } from '../../src/contract/dashboard';
import type { RoomRef } from '../../src/contract/roomAccess';
import type { CallSnapshot } from '../../src/contract/snapshot';
import { isUpstreamError } from '../errors';
import { listedRooms, type RoomListing } from './listings';

/**
 * The overview (`GET /api/rooms`) from one listing: the listed rooms, then the pinned rooms the
 * caller may read, each from its snapshot. A pinned room whose vendor fails is still listed, as
 * `unknown`: the moderator asked to see it, and its card shows the error. A listing that failed
 * for another reason than its vendor, or a snapshot that did, is a bug and throws (500).
 */
export async function roomsOverview(
  listing: RoomListing,
  snapshotOf: (room: RoomRef) => Promise<CallSnapshot>,
  canRead: (room: RoomRef) => boolean,
): Promise<RoomSummary[]> {
  for (const vendor of listing.vendors) if (!vendor.ok && !isUpstreamError(vendor.error)) throw vendor.error;
  const { listed, pinned } = listedRooms(listing);
  const pinnedRooms = await Promise.all(
    pinned.filter(canRead).map(async (room): Promise<RoomSummary> => {
      try {
        const snapshot = await snapshotOf(room);
        return { provider: room.provider, callId: room.callId, state: snapshot.state, startedAt: snapshot.startedAt };
      } catch (err) {
        if (!isUpstreamError(err)) throw err;
        return { provider: room.provider, callId: room.callId, state: 'unknown', startedAt: null };
      }
    }),
  );
  return [...listed.filter(canRead), ...pinnedRooms];
}
