import type { AnswerRecorder } from '../metrics/recorder';
import type { CatchUp } from '../../src/contract/dashboard';
import type { RoomRef } from '../../src/contract/roomAccess';
import type { CallSnapshot } from '../../src/contract/snapshot';
import type { LatestBoard } from './latest';

export interface RoomReaderDeps {
  board: LatestBoard;
  /** The vendor read (the API's provider path): only a room's first read comes here. */
  getSnapshot(room: RoomRef): Promise<CallSnapshot>;
  getCatchUp(room: RoomRef): Promise<CatchUp | undefined>;
  /** Whether this instance's watcher reads the room (watched, and its lease is here). */
  watches(room: RoomRef): boolean;
  /** With METRICS_PORT: answers served from the board (`watcher`); first reads count at the cache. */
  metrics?: AnswerRecorder;
}

/** How viewers read a room: from the watcher's latest observation, never by waiting on the vendor. */
export interface RoomReader {
  /** The watcher's latest snapshot, whatever its age; a room without one waits for its one first read. */
  snapshot(room: RoomRef): Promise<CallSnapshot>;
  /** The same for the catch-up summary; undefined when the vendor has none. */
  catchUp(room: RoomRef): Promise<CatchUp | undefined>;
  /** When the room was last observed, or null. */
  observedAt(room: RoomRef): string | null;
}

const keyOf = (room: RoomRef) => `${room.provider}:${room.callId}`;

/**
 * Answers watched rooms from the board the watcher fills. A room the watcher does not read
 * (not watched yet, refused for capacity, its lease elsewhere) is read through the provider as
 * before; concurrent first reads of one room are one vendor read, and its answer seeds the board
 * when the watcher reads that room, so the next viewer does not wait.
 */
export function createRoomReader(deps: RoomReaderDeps): RoomReader {
  const snapshots = new Map<string, Promise<CallSnapshot>>();
  const catchUps = new Map<string, Promise<CatchUp | undefined>>();

  function once<T>(inflight: Map<string, Promise<T>>, room: RoomRef, read: () => Promise<T>): Promise<T> {
    const key = keyOf(room);
    let pending = inflight.get(key);
    if (!pending) {
      pending = read().finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    return pending;
  }

  return {
    async snapshot(room) {
      const latest = deps.board.get(room)?.snapshot;
      if (latest) {
        deps.metrics?.answered('watcher');
        return latest;
      }
      return once(snapshots, room, async () => {
        const snapshot = await deps.getSnapshot(room);
        // The watcher may have observed the room meanwhile: an older read never replaces it.
        const current = deps.board.get(room)?.snapshot;
        if (deps.watches(room) && (!current || current.observedAt < snapshot.observedAt)) deps.board.putSnapshot(room, snapshot);
        return snapshot;
      });
    },
    async catchUp(room) {
      const latest = deps.board.get(room)?.catchUp;
      if (latest) {
        deps.metrics?.answered('watcher');
        return latest;
      }
      return once(catchUps, room, async () => {
        const catchUp = await deps.getCatchUp(room);
        if (catchUp && deps.watches(room) && !deps.board.get(room)?.catchUp) deps.board.putCatchUp(room, catchUp);
        return catchUp;
      });
    },
    observedAt(room) {
      return deps.board.get(room)?.snapshot?.observedAt ?? null;
    },
  };
}
