import { leaseTtlMs, type WatcherLeases } from './leases';

/** A room as the watcher names it. */
export interface LeasedRoom {
  provider: string;
  callId: string;
}

export interface RoomLease {
  /** The watcher's `lease` hook: called before every poll of a room; true: this instance watches it now. */
  mayWatch(room: LeasedRoom): Promise<boolean>;
  /** On shutdown: hands every held room back, so another instance takes it at its next poll. */
  releaseAll(): Promise<void>;
}

/**
 * The watcher's side of the leases, one room at a time (the watcher polls each room on its
 * own timer): a room this instance holds is renewed at each poll, any other is tried. The
 * lease lives three watch intervals, so when its holder dies another instance, polling the
 * same room on the same grid, takes it within three or four intervals of the last renewal.
 */
export function createRoomLease(leases: WatcherLeases, instanceId: string, watchIntervalMs: number): RoomLease {
  const ttlMs = leaseTtlMs(watchIntervalMs);
  const held = new Set<string>();
  const keyOf = (room: LeasedRoom) => `${room.provider}:${room.callId}`;
  return {
    async mayWatch(room) {
      const key = keyOf(room);
      const mine = held.has(key) ? await leases.renew(key, instanceId, ttlMs) : await leases.acquire(key, instanceId, ttlMs);
      if (mine) held.add(key);
      else held.delete(key);
      return mine;
    },
    async releaseAll() {
      const rooms = [...held];
      held.clear();
      await Promise.all(rooms.map((room) => leases.release(room, instanceId)));
    },
  };
}
