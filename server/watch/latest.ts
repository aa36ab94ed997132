import type { CatchUp } from '../../src/contract/dashboard';
import type { RoomRef } from '../../src/contract/roomAccess';
import type { CallSnapshot } from '../../src/contract/snapshot';
import { LRUCache } from 'lru-cache';
import { etagOf } from '../etag';

/** Ended rooms whose last answer is kept. */
const RETIRED_KEPT = 10_000;

/** What the watcher last saw of a room, for viewers: they are answered from here, never from the vendor. */
export interface RoomLatest {
  snapshot: CallSnapshot | undefined;
  catchUp: CatchUp | undefined;
  /** Bumped on every change of content (snapshot other than observedAt/stale, catch-up, events written). */
  version: number;
}

/** A snapshot's content, without when it was seen or whether the vendor is failing. */
export function snapshotContent(snapshot: CallSnapshot): Omit<CallSnapshot, 'observedAt' | 'stale'> {
  const content: Partial<CallSnapshot> = { ...snapshot };
  delete content.observedAt;
  delete content.stale;
  return content as Omit<CallSnapshot, 'observedAt' | 'stale'>;
}

/** A strong validator of what an answer says, whatever its observedAt and stale: a re-observation keeps it. */
export function contentTag(content: unknown): string {
  return etagOf(JSON.stringify(content));
}

export interface LatestBoard {
  get(room: RoomRef): RoomLatest | undefined;
  /** The watched room's change count (0 when not on the board): what `changed` compares. */
  version(room: RoomRef): number;
  putSnapshot(room: RoomRef, snapshot: CallSnapshot): void;
  /** The vendor failed: the last snapshot stays the answer, marked stale (the vendor is failing). */
  putFailure(room: RoomRef): void;
  putCatchUp(room: RoomRef, catchUp: CatchUp): void;
  /** Events were written for the room (the digest changed). */
  touched(room: RoomRef): void;
  drop(room: RoomRef): void;
  /**
   * The room ended and is no longer watched: its last answer is kept (bounded, least recently
   * ended first out), so an ended room's page still costs the vendor nothing.
   */
  retire(room: RoomRef): void;
  /**
   * Resolves when the room's version moves past `version` (at once if it already has), when
   * `ms` have passed, or when `released` aborts (shutdown).
   */
  changed(room: RoomRef, version: number, ms: number, released: AbortSignal): Promise<void>;
  size(): number;
}

const keyOf = (room: RoomRef) => `${room.provider}:${room.callId}`;

/**
 * The watcher's latest snapshot and catch-up of each watched room, and who waits for them to
 * change (long polls). Bounded by the rooms watched: an entry goes when its room stops being watched.
 */
export function createLatestBoard(): LatestBoard {
  const entries = new Map<string, RoomLatest & { snapshotTag: string | undefined; catchUpTag: string | undefined }>();
  const waiters = new Map<string, Set<() => void>>();
  const retired = new LRUCache<string, RoomLatest>({ max: RETIRED_KEPT });

  function entryOf(room: RoomRef) {
    const key = keyOf(room);
    let entry = entries.get(key);
    if (!entry) {
      entry = { snapshot: undefined, catchUp: undefined, version: 0, snapshotTag: undefined, catchUpTag: undefined };
      entries.set(key, entry);
    }
    return entry;
  }

  function bump(room: RoomRef, entry: RoomLatest): void {
    entry.version += 1;
    const waiting = waiters.get(keyOf(room));
    if (!waiting) return;
    waiters.delete(keyOf(room));
    for (const wake of waiting) wake();
  }

  return {
    version: (room) => entries.get(keyOf(room))?.version ?? 0,
    get: (room) => entries.get(keyOf(room)) ?? retired.get(keyOf(room)),
    putSnapshot(room, snapshot) {
      const entry = entryOf(room);
      const tag = contentTag(snapshotContent(snapshot));
      entry.snapshot = snapshot;
      retired.delete(keyOf(room));
      if (tag !== entry.snapshotTag) {
        entry.snapshotTag = tag;
        bump(room, entry);
      }
    },
    putFailure(room) {
      const entry = entries.get(keyOf(room));
      if (entry?.snapshot && !entry.snapshot.stale) entry.snapshot = { ...entry.snapshot, stale: true };
    },
    putCatchUp(room, catchUp) {
      const entry = entryOf(room);
      const tag = contentTag(catchUp);
      entry.catchUp = catchUp;
      if (tag !== entry.catchUpTag) {
        entry.catchUpTag = tag;
        bump(room, entry);
      }
    },
    touched(room) {
      const entry = entries.get(keyOf(room));
      if (entry) bump(room, entry);
    },
    drop(room) {
      const entry = entries.get(keyOf(room));
      if (!entry) return;
      entries.delete(keyOf(room));
      // Whoever waits re-reads: the room is answered another way now.
      bump(room, entry);
    },
    retire(room) {
      const entry = entries.get(keyOf(room));
      if (!entry) return;
      entries.delete(keyOf(room));
      if (entry.snapshot) retired.set(keyOf(room), { snapshot: entry.snapshot, catchUp: entry.catchUp, version: entry.version });
    },
    changed(room, version, ms, released) {
      const current = entries.get(keyOf(room))?.version ?? 0;
      if (current !== version || ms <= 0 || released.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const key = keyOf(room);
        let waiting = waiters.get(key);
        if (!waiting) {
          waiting = new Set();
          waiters.set(key, waiting);
        }
        const set = waiting;
        const done = () => {
          clearTimeout(timer);
          released.removeEventListener('abort', done);
          set.delete(done);
          if (set.size === 0 && waiters.get(key) === set) waiters.delete(key);
          resolve();
        };
        const timer = setTimeout(done, ms);
        set.add(done);
        released.addEventListener('abort', done, { once: true });
      });
    },
    size: () => entries.size,
  };
}
