import type { AnswerRecorder } from '../metrics/recorder';
import type { CatchUp } from '../../src/contract/dashboard';
import type { RoomRef } from '../../src/contract/roomAccess';
import type { CallSnapshot } from '../../src/contract/snapshot';
import type { LatestBoard } from './latest';
import { mirrorInto, type SharedLatest, type SharedWatch } from './shared';

/** How long a viewer waits for another instance's first read of a room it holds, before reading it here. */
export const SHARED_FIRST_READ_WAIT_MS = 10_000;

export interface RoomReaderDeps {
  board: LatestBoard;
  /** The vendor read (the API's provider path): only a room's first read comes here. */
  getSnapshot(room: RoomRef): Promise<CallSnapshot>;
  getCatchUp(room: RoomRef): Promise<CatchUp | undefined>;
  /** Whether this instance's watcher reads the room (watched, and its lease is here). */
  watches(room: RoomRef): boolean;
  /** Several instances: rooms whose lease is elsewhere are answered from their holder's reads. */
  shared?: Pick<SharedWatch, 'active' | 'fetch' | 'heldElsewhere'>;
  /** Whether the room is among the watcher's rooms (only those are kept on the board). */
  tracks?(room: RoomRef): boolean;
  /**
   * Several instances: a tracked room nobody holds yet is read by the watcher here (it takes the
   * lease, reads and publishes), so a viewer's first read is the holder's read, not one more.
   */
  readAsHolder?(room: RoomRef): Promise<void>;
  /** With METRICS_PORT: answers served from the board (`watcher`); first reads count at the cache. */
  metrics?: AnswerRecorder;
}

/** How viewers read a room: from the watcher's latest observation, never by waiting on the vendor. */
export interface RoomReader {
  /** The watcher's latest snapshot, whatever its age; a room without one waits for its one first read. */
  snapshot(room: RoomRef): Promise<CallSnapshot>;
  /**
   * The watcher's latest snapshot when this instance's board has one, without a promise; else
   * undefined (the caller then uses `snapshot`). The hot path's shortcut (server/hotPath).
   */
  latestSnapshot(room: RoomRef): CallSnapshot | undefined;
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
  const holderReads = new Map<string, Promise<void>>();

  function once<T>(inflight: Map<string, Promise<T>>, room: RoomRef, read: () => Promise<T>): Promise<T> {
    const key = keyOf(room);
    let pending = inflight.get(key);
    if (!pending) {
      pending = read().finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    return pending;
  }

  const never = new AbortController().signal;

  /**
   * Several instances: the room's latest as another instance published it. A room whose lease
   * is elsewhere and that has nothing published yet waits for its holder's first read (as a
   * first read here would wait on the vendor), then, if nothing came, is read here.
   */
  async function fromShared<T>(room: RoomRef, pick: (latest: SharedLatest) => T | undefined): Promise<T | undefined> {
    const shared = deps.shared;
    if (!shared?.active()) return undefined;
    const keep = (latest: SharedLatest | undefined) => {
      if (latest && deps.tracks?.(room)) mirrorInto(deps.board, room, latest);
      return latest;
    };
    const published = keep(await shared.fetch(room));
    if (published) return pick(published);
    if (!(await shared.heldElsewhere(room))) {
      if (!deps.readAsHolder || !deps.tracks?.(room)) return undefined;
      const readAsHolder = deps.readAsHolder;
      // Concurrent first reads are one read here too.
      await once(holderReads, room, () => readAsHolder(room));
      const read = deps.board.get(room) ?? keep(await shared.fetch(room));
      if (read) return pick(read);
      if (!(await shared.heldElsewhere(room))) return undefined;
    }
    const onBoard = deps.board.get(room);
    if (onBoard) return pick(onBoard);
    await deps.board.changed(room, deps.board.version(room), SHARED_FIRST_READ_WAIT_MS, never);
    const arrived = deps.board.get(room) ?? keep(await shared.fetch(room));
    return arrived && pick(arrived);
  }

  return {
    latestSnapshot(room) {
      const latest = deps.board.get(room)?.snapshot;
      if (latest) deps.metrics?.answered('watcher');
      return latest;
    },
    async snapshot(room) {
      const latest = deps.board.get(room)?.snapshot;
      if (latest) {
        deps.metrics?.answered('watcher');
        return latest;
      }
      // Another instance's read of the room (through Redis) is the watcher's answer too.
      const published = await fromShared(room, (shared) => shared.snapshot);
      if (published) {
        deps.metrics?.answered('watcher');
        return published;
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
      // Another instance's read of the room (through Redis) is the watcher's answer too.
      const published = await fromShared(room, (shared) => shared.catchUp);
      if (published) {
        deps.metrics?.answered('watcher');
        return published;
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
