import { leaseTtlMs, type WatcherLeases } from './leases';

/** A room as the watcher names it. */
export interface LeasedRoom {
  provider: string;
  callId: string;
}

/** What the lease keeper tells the log: each lease that came here or went elsewhere. */
export interface LeaseLogger {
  info(fields: Record<string, unknown>, message: string): void;
}

export interface RoomLease {
  /** The watcher's `lease` hook: called before every poll of a room; true: this instance watches it now. */
  mayWatch(room: LeasedRoom): Promise<boolean>;
  /** The watcher stopped watching the room (ended, idle, over capacity): another instance may take it at once. */
  release(room: LeasedRoom): Promise<void>;
  /** On shutdown: hands every held room back, so another instance takes it at its next poll. */
  releaseAll(): Promise<void>;
}

/**
 * A held room whose poll has not come for this long is no longer renewed by the keeper's timer:
 * a poll stuck that long (far past any read's timeout and budget wait) must not hold the room.
 */
const POLL_STUCK_MS = 60_000;

/**
 * The watcher's side of the leases, one room at a time (the watcher polls each room on its
 * own timer): a room this instance holds is renewed at each poll, any other is tried. Held
 * leases are also renewed every watch interval by a timer of their own, so a poll that waits
 * long for its read (a Bandwidth token, a slow vendor) does not let its lease lapse and hand
 * the room to another instance mid-read. The lease lives three watch intervals, so when its
 * holder dies (or hangs) another instance, polling the same room on the same grid, takes it
 * within three or four intervals of the last renewal; a room handed back is taken at the
 * next poll.
 */
export function createRoomLease(leases: WatcherLeases, instanceId: string, watchIntervalMs: number, logger?: LeaseLogger): RoomLease {
  const ttlMs = leaseTtlMs(watchIntervalMs);
  /** Held rooms, with when their last poll asked. */
  const held = new Map<string, number>();
  const keyOf = (room: LeasedRoom) => `${room.provider}:${room.callId}`;
  let renewing = false;

  const lost = (key: string) => {
    if (held.delete(key)) logger?.info({ room: key, instance: instanceId }, 'watch: room lease went elsewhere');
  };

  async function renewHeld(): Promise<void> {
    if (renewing) return;
    renewing = true;
    try {
      const now = Date.now();
      await Promise.all(
        [...held].map(async ([key, polledAt]) => {
          if (now - polledAt > POLL_STUCK_MS) return;
          const mine = await leases.renew(key, instanceId, ttlMs).catch(() => true);
          if (!mine && held.get(key) === polledAt) lost(key);
        }),
      );
    } finally {
      renewing = false;
    }
  }

  const timer = setInterval(() => void renewHeld(), watchIntervalMs);
  timer.unref();

  return {
    async mayWatch(room) {
      const key = keyOf(room);
      const had = held.has(key);
      const mine = had ? await leases.renew(key, instanceId, ttlMs) : await leases.acquire(key, instanceId, ttlMs);
      if (mine) {
        if (!had) logger?.info({ room: key, instance: instanceId }, 'watch: room lease came here');
        held.set(key, Date.now());
      } else lost(key);
      return mine;
    },
    async release(room) {
      const key = keyOf(room);
      if (!held.delete(key)) return;
      logger?.info({ room: key, instance: instanceId }, 'watch: room lease handed back');
      await leases.release(key, instanceId);
    },
    async releaseAll() {
      clearInterval(timer);
      const rooms = [...held.keys()];
      held.clear();
      await Promise.all(rooms.map((room) => leases.release(room, instanceId)));
    },
  };
}
