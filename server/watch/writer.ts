import type { HistoryRecorder } from '../metrics/recorder';
import type { NewRoomEvent, RoomEvent } from '../../src/contract/history';
import type { CallSnapshot } from '../../src/contract/snapshot';
import { applyEvents } from '../history/fold';
import { callRecord } from '../history/record';
import type { HistoryStore } from '../history/store';
import type { Clock } from './clock';
import type { EventsListener, WatchedRoom, WatcherLogger } from './types';

/** How many recent write durations status() takes its percentile over. */
const WRITE_TIMES_KEPT = 2048;

/** Per room, how many distinct unwritten changes are remembered for the log line. */
const MAX_UNWRITTEN_KEPT = 200;

export interface RoomWriter {
  /**
   * Writes events, record and last snapshot in one go; the room's in-memory view moves only once
   * written. False when the store refused: the room's change waits as one pending diff.
   */
  commit(room: WatchedRoom, events: NewRoomEvent[], basis: CallSnapshot | null, lastObservedAt: string | null): Promise<boolean>;
  /** Whether the room's last write failed (its next good observation writes even without change). */
  pending(room: WatchedRoom): boolean;
  /** The room is no longer watched: its pending diff is dropped, and the log says so. */
  forget(room: WatchedRoom): void;
  onEvents(listener: EventsListener): () => void;
  status(): { writeFailures: number; unwrittenRooms: number; writes: number; writeP99Ms: number | null };
}

/**
 * The watcher's writes to the store, and what a store outage costs: nothing queues but one diff
 * per room (its view stays at the last stored snapshot, so the next poll diffs from there again),
 * and once the store answers the log names what came and went meanwhile.
 */
export function createRoomWriter(store: HistoryStore, clock: Clock, logger: WatcherLogger, metrics?: HistoryRecorder): RoomWriter {
  const listeners = new Set<EventsListener>();
  // Every change a failed write tried to record since the room's last good one (by changeKey).
  const unwritten = new Map<string, Map<string, NewRoomEvent>>();
  const writeTimes = new Float64Array(WRITE_TIMES_KEPT);
  let writeFailures = 0;
  let writes = 0;

  function tell(room: WatchedRoom, written: readonly RoomEvent[]): void {
    for (const listener of listeners) {
      try {
        listener(room.key, written);
      } catch (err) {
        logger.error({ err, room: room.id }, 'watch: an events listener threw');
      }
    }
  }

  return {
    async commit(room, events, basis, lastObservedAt) {
      const view = room.view;
      if (!view) return false;
      let fold = view.fold;
      if (events.length > 0) {
        fold = structuredClone(view.fold);
        applyEvents(fold, events.map((event, i) => ({ ...event, seq: view.fold.lastSeq + i + 1 }) as RoomEvent));
      }
      const now = clock.now();
      const recordNow = lastObservedAt === null ? now : Date.parse(lastObservedAt);
      let written: RoomEvent[];
      const writeStarted = performance.now();
      try {
        written = await store.write({ room: room.key, events, record: callRecord(room.key, fold, lastObservedAt, recordNow), lastSnapshot: basis });
      } catch (err) {
        writeFailures += 1;
        let kept = unwritten.get(room.id);
        if (!kept) {
          kept = new Map();
          unwritten.set(room.id, kept);
          logger.warn({ err, room: room.id, ...kindCounts(events) }, 'watch: store write failed; the room is diffed again from its last stored snapshot at the next poll');
        }
        for (const event of events) if (kept.size < MAX_UNWRITTEN_KEPT) kept.set(changeKey(event), event);
        return false;
      }
      const kept = unwritten.get(room.id);
      if (kept) {
        unwritten.delete(room.id);
        // A change that came and went while the store was down is not in the new diff: say which.
        const lost = missing([...kept.values()], events);
        if (lost.length > 0) logger.warn({ room: room.id, ...kindCounts(lost) }, 'watch: the store answers again; changes undone while it was down were dropped');
        else logger.info({ room: room.id }, 'watch: the store answers again; nothing was dropped');
      }
      writeTimes[writes % WRITE_TIMES_KEPT] = performance.now() - writeStarted;
      metrics?.historyWrite((performance.now() - writeStarted) / 1000);
      writes += 1;
      fold.lastSeq = Math.max(fold.lastSeq, ...written.map((event) => event.seq));
      room.view = { fold, basis, lastObservedAt, persistedAt: now };
      if (written.length > 0) tell(room, written);
      return true;
    },
    pending(room) {
      return unwritten.has(room.id);
    },
    forget(room) {
      const kept = unwritten.get(room.id);
      if (!kept) return;
      unwritten.delete(room.id);
      logger.warn({ room: room.id, ...kindCounts([...kept.values()]) }, 'watch: room no longer watched; its unwritten changes are dropped');
    },
    onEvents(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    status() {
      const recent = writeTimes.slice(0, Math.min(writes, WRITE_TIMES_KEPT)).sort();
      const writeP99Ms = recent.length === 0 ? null : (recent[Math.min(recent.length - 1, Math.floor(0.99 * recent.length))] ?? null);
      return { writeFailures, unwrittenRooms: unwritten.size, writes, writeP99Ms };
    },
  };
}

/** Event kinds and counts (never names or contents) for a log line. */
export function kindCounts(events: readonly NewRoomEvent[]): { events: number; kinds: Record<string, number> } {
  const kinds: Record<string, number> = {};
  for (const event of events) kinds[event.kind] = (kinds[event.kind] ?? 0) + 1;
  return { events: events.length, kinds };
}

/** What a change is, without its times: the same change seen again later compares equal. */
function changeKey(event: NewRoomEvent): string {
  const fields = Object.entries(event).filter(([name]) => name !== 'at' && name !== 'observedAt');
  return JSON.stringify(fields.sort(([a], [b]) => a.localeCompare(b)));
}

/** The events of a failed write that the write finally made no longer contains. */
function missing(failed: readonly NewRoomEvent[], written: readonly NewRoomEvent[]): NewRoomEvent[] {
  const present = new Set(written.map(changeKey));
  return failed.filter((event) => !present.has(changeKey(event)));
}
