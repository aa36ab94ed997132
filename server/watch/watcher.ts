import { LRUCache } from 'lru-cache';
import type { CatchUp } from '../../src/contract/dashboard';
import type { NewRoomEvent, RoomEvent, WatchStopReason } from '../../src/contract/history';
import type { CallSnapshot, CallState } from '../../src/contract/snapshot';
import { applyEvents, emptyFold, type RoomFold } from '../history/fold';
import { readFold } from '../history/readFold';
import { callRecord } from '../history/record';
import type { HistoryStore, RoomRef } from '../history/store';
import type { WatchSettings } from './config';
import type { NameOf } from './differ';
import { planObservation, resumeEvents, type Observation } from './observe';
import { systemClock, type Clock, type TimerHandle } from './clock';
import type { HistoryRecorder } from '../metrics/recorder';

/** Whether this instance may watch `room` now (a Redis lease later; always yes for one instance). */
export type WatchLease = (room: RoomRef) => boolean | Promise<boolean>;

/** A room a listing names; `state` when the listing says it (a live room may reuse an ended one's id). */
export interface ListedRoom extends RoomRef {
  state?: CallState;
}

/** Told of every batch of events once the store has numbered them (alerts, push). */
export type EventsListener = (room: RoomRef, events: readonly RoomEvent[]) => void;

export interface WatcherLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WatcherDeps {
  store: HistoryStore;
  settings: WatchSettings;
  logger: WatcherLogger;
  /** The API's own provider path (cache, coalescing, budgets): throws UpstreamError. */
  getSnapshot(room: RoomRef): Promise<CallSnapshot>;
  /** The rooms the overview lists (vendor listings and WATCH_ROOMS). */
  listRooms(): Promise<ListedRoom[]>;
  /** The catch-up summary, for vendors that have one (undefined otherwise). */
  getCatchUp?(room: RoomRef): Promise<CatchUp | undefined>;
  lease?: WatchLease;
  /**
   * The shortest poll interval a vendor's request budget allows when `watched` of its rooms are
   * watched (see budget.ts); the room's interval is the larger of this and WATCH_INTERVAL_MS.
   */
  budgetIntervalMs?(provider: RoomRef['provider'], watched: number): number;
  clock?: Clock;
  nameOf?: NameOf;
  /**
   * The polling interval for a room, given the configured one: longer while its vendor's
   * webhooks arrive (push/pushHealth.ts), when polling is only reconciliation. Default: the base.
   */
  intervalOf?(room: RoomRef, baseMs: number): number;
  /** With METRICS_PORT: each store write's duration. */
  metrics?: HistoryRecorder;
}

export interface WatchStatus {
  watching: number;
  maxRooms: number;
  /** Rooms dropped (longest idle first) to stay within WATCH_MAX_ROOMS since start. */
  droppedForCapacity: number;
  /** Rooms not taken on because every watched room was as recently wanted. */
  refusedForCapacity: number;
  /** Writes the store refused; the observation is retried at the next poll. */
  writeFailures: number;
  /** Rooms whose last write failed: their changes wait, one diff per room, for the store. */
  unwrittenRooms: number;
  /** Writes the store took since start. */
  writes: number;
  /** The 99th percentile of the last WRITE_TIMES_KEPT writes' durations (ms); null before the first. */
  writeP99Ms: number | null;
}

export interface Watcher {
  /** Resumes the rooms the store has open and starts reading the listings. */
  start(): Promise<void>;
  /** Someone read `room` through the API: watch it (again) for WATCH_IDLE_MINUTES. */
  touch(room: RoomRef): void;
  onEvents(listener: EventsListener): () => void;
  /**
   * A webhook said `room` changed: read it now, in the room's own queue (so its history keeps
   * one writer and one numbering), instead of at its next slot. Resolves once read and written.
   */
  refresh(room: RoomRef): Promise<void>;
  status(): WatchStatus;
  /** Age (ms) of the oldest latest observation among rooms wanted in the last `withinMs`; null when none (metrics). */
  oldestObservationAgeMs(withinMs: number): number | null;
  /** Stops every timer and waits for reads and writes in flight. Writes no watch.stopped: a restart resumes. */
  close(): Promise<void>;
}

interface WatchedRoom {
  key: RoomRef;
  id: string;
  /** Last time someone read or a listing named the room. */
  interest: number;
  /** Next poll time, on a fixed grid offset per room. */
  due: number;
  timer: TimerHandle | undefined;
  /** The one operation (poll or stop) running for this room; polls never overlap. */
  busy: Promise<void> | undefined;
  removed: boolean;
  /** undefined until the room's history was read from the store (or after losing the lease). */
  view: { fold: RoomFold; basis: CallSnapshot | null; lastObservedAt: string | null; persistedAt: number } | undefined;
  catchUpReadAt: number;
  /**
   * Every change a failed write tried to record since the last good one (by changeKey), to log
   * what the store's outage cost once it answers. At most MAX_UNWRITTEN_KEPT are remembered.
   */
  unwritten: Map<string, NewRoomEvent> | undefined;
  /**
   * Added only because the store had it open at start-up: watched again only if the last process
   * was still watching it, not if it had stopped it (idle, capacity), unless someone wants it now.
   */
  resumeOnly: boolean;
  /** A listing called it live: watch it even if its stored history ended (a reused room name). */
  listedLive: boolean;
  /** When the vendor last answered for it (written or not); null before the first answer. */
  observedAt: string | null;
}

/** How many recent write durations status() takes its percentile over. */
const WRITE_TIMES_KEPT = 2048;

/** Per room, how many distinct unwritten changes are remembered for the log line. */
const MAX_UNWRITTEN_KEPT = 200;

const idOf = (room: RoomRef) => `${room.provider}:${room.callId}`;

/** A stable offset in [0, interval) per room, so rooms added together do not poll together. */
function phaseOf(id: string, intervalMs: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return hash % intervalMs;
}

export function createWatcher(deps: WatcherDeps): Watcher {
  const { store, settings, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const rooms = new Map<string, WatchedRoom>();
  // Rooms seen to end: listings and pinned rooms may keep naming them; they are not read again
  // unless a listing calls them live (a reused room name), or after the idle time has passed.
  const finished = new LRUCache<string, true>({ max: 10_000, ttl: settings.idleMs, perf: { now: () => clock.now() } });
  const listeners = new Set<EventsListener>();
  // Every poll or stop running, including those of rooms already dropped: close() waits for them.
  const running = new Set<Promise<void>>();
  let closed = false;
  let listTimer: TimerHandle | undefined;
  let listing: Promise<void> | undefined;
  let droppedForCapacity = 0;
  let refusedForCapacity = 0;
  let writeFailures = 0;
  let unwrittenRooms = 0;
  let writes = 0;
  const writeTimes = new Float64Array(WRITE_TIMES_KEPT);

  const iso = (ms: number) => new Date(ms).toISOString();

  /** WATCH_INTERVAL_MS, stretched when the room's vendor cannot afford that many reads (budget.ts). */
  function intervalOf(room: WatchedRoom): number {
    let base = settings.intervalMs;
    if (deps.budgetIntervalMs) {
      let watched = 0;
      for (const other of rooms.values()) if (other.key.provider === room.key.provider) watched += 1;
      base = Math.max(base, deps.budgetIntervalMs(room.key.provider, watched));
    }
    // While the vendor's webhooks arrive, polling is only reconciliation and may slow down further.
    return deps.intervalOf ? deps.intervalOf(room.key, base) : base;
  }

  function schedule(room: WatchedRoom): void {
    if (closed || room.removed) return;
    if (room.timer !== undefined) clock.clearTimeout(room.timer);
    const now = clock.now();
    const interval = intervalOf(room);
    while (room.due <= now) room.due += interval;
    // Armed only when the previous poll has finished: a slow vendor delays the room's next read
    // to the next slot on its grid, it never stacks a second one.
    room.timer = clock.setTimeout(() => {
      room.timer = undefined;
      run(room, () => poll(room));
    }, room.due - now);
  }

  function run(room: WatchedRoom, task: () => Promise<void>): void {
    const previous = room.busy ?? Promise.resolve();
    const current = previous
      .then(task)
      .catch((err: unknown) => logger.error({ err, room: room.id }, 'watch: poll failed'))
      .finally(() => {
        if (room.busy === current) room.busy = undefined;
        running.delete(current);
      });
    room.busy = current;
    running.add(current);
  }

  function add(key: RoomRef, now: number, how: { resumeOnly?: boolean; live?: boolean } = {}): void {
    const id = idOf(key);
    const resumeOnly = how.resumeOnly ?? false;
    const live = how.live ?? false;
    const existing = rooms.get(id);
    if (existing) {
      existing.interest = Math.max(existing.interest, now);
      existing.resumeOnly &&= resumeOnly;
      existing.listedLive ||= live;
      return;
    }
    if (live) finished.delete(id);
    if (closed || finished.has(id)) return;
    if (rooms.size >= settings.maxRooms && !dropLongestIdle(now)) {
      refusedForCapacity += 1;
      return;
    }
    const room: WatchedRoom = {
      key: { provider: key.provider, callId: key.callId },
      id,
      interest: now,
      due: now - (now % settings.intervalMs) + phaseOf(id, settings.intervalMs),
      timer: undefined,
      busy: undefined,
      removed: false,
      view: undefined,
      catchUpReadAt: Number.NEGATIVE_INFINITY,
      unwritten: undefined,
      resumeOnly,
      listedLive: live,
      observedAt: null,
    };
    rooms.set(id, room);
    schedule(room);
  }

  /** Makes room for one more; false when every watched room is as fresh as the newcomer. */
  function dropLongestIdle(now: number): boolean {
    let victim: WatchedRoom | undefined;
    for (const room of rooms.values()) if (!victim || room.interest < victim.interest) victim = room;
    if (!victim || victim.interest >= now) return false;
    droppedForCapacity += 1;
    logger.warn({ room: victim.id, maxRooms: settings.maxRooms }, 'watch: at WATCH_MAX_ROOMS, dropping the longest-idle room');
    const dropped = victim;
    remove(dropped);
    run(dropped, () => stop(dropped, 'capacity'));
    return true;
  }

  function remove(room: WatchedRoom): void {
    if (room.unwritten) {
      unwrittenRooms -= 1;
      logger.warn({ room: room.id, ...kindCounts([...room.unwritten.values()]) }, 'watch: room no longer watched; its unwritten changes are dropped');
      room.unwritten = undefined;
    }
    room.removed = true;
    if (room.timer !== undefined) clock.clearTimeout(room.timer);
    room.timer = undefined;
    if (rooms.get(room.id) === room) rooms.delete(room.id);
  }

  async function load(room: WatchedRoom): Promise<void> {
    const stored = await store.room(room.key);
    const fold = stored ? await readFold(store, room.key) : emptyFold();
    const lastObservedAt = stored?.record.lastObservedAt ?? null;
    room.view = { fold, basis: fold.watching ? (stored?.lastSnapshot ?? null) : null, lastObservedAt, persistedAt: clock.now() };
    if (!fold.watching && fold.state === 'ended' && !room.listedLive) {
      finished.set(room.id, true);
      remove(room);
      return;
    }
    if (!fold.watching && room.resumeOnly) {
      remove(room);
      return;
    }
    const resumed = resumeEvents(fold, lastObservedAt, iso(clock.now()));
    if (resumed.length > 0) {
      logger.info({ room: room.id, since: lastObservedAt }, 'watch: resuming a room the last process was watching');
      // Unwritten, the not_watching gap would be lost: read the store again at the next poll.
      if (!(await commit(room, resumed, room.view.basis, lastObservedAt))) room.view = undefined;
    }
  }

  /** Writes events, record and last snapshot in one go; the in-memory view moves only once written. */
  async function commit(
    room: WatchedRoom,
    events: NewRoomEvent[],
    basis: CallSnapshot | null,
    lastObservedAt: string | null,
  ): Promise<boolean> {
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
      written = await store.write({
        room: room.key,
        events,
        record: callRecord(room.key, fold, lastObservedAt, recordNow),
        lastSnapshot: basis,
      });
    } catch (err) {
      writeFailures += 1;
      // Nothing queues but this room's view, which stays at the last stored snapshot: the next
      // poll diffs from there again, so memory is one pending diff per room however long it lasts.
      if (!room.unwritten) {
        unwrittenRooms += 1;
        logger.warn({ err, room: room.id, ...kindCounts(events) }, 'watch: store write failed; the room is diffed again from its last stored snapshot at the next poll');
      }
      room.unwritten ??= new Map();
      for (const event of events) if (room.unwritten.size < MAX_UNWRITTEN_KEPT) room.unwritten.set(changeKey(event), event);
      return false;
    }
    if (room.unwritten) {
      unwrittenRooms -= 1;
      // A change that came and went while the store was down is not in the new diff: say which.
      const lost = missing([...room.unwritten.values()], events);
      if (lost.length > 0) {
        logger.warn({ room: room.id, ...kindCounts(lost) }, 'watch: the store answers again; changes undone while it was down were dropped');
      } else {
        logger.info({ room: room.id }, 'watch: the store answers again; nothing was dropped');
      }
      room.unwritten = undefined;
    }
    writeTimes[writes % WRITE_TIMES_KEPT] = performance.now() - writeStarted;
    deps.metrics?.historyWrite((performance.now() - writeStarted) / 1000);
    writes += 1;
    fold.lastSeq = Math.max(fold.lastSeq, ...written.map((event) => event.seq));
    room.view = { fold, basis, lastObservedAt, persistedAt: now };
    if (written.length > 0) {
      for (const listener of listeners) {
        try {
          listener(room.key, written);
        } catch (err) {
          logger.error({ err, room: room.id }, 'watch: an events listener threw');
        }
      }
    }
    return true;
  }

  async function observe(room: WatchedRoom): Promise<Observation> {
    try {
      const snapshot = await deps.getSnapshot(room.key);
      let catchUp: CatchUp | undefined;
      const now = clock.now();
      if (deps.getCatchUp && !snapshot.stale && now - room.catchUpReadAt >= settings.catchUpEveryMs) {
        room.catchUpReadAt = now;
        // The summary is a nicety next to the status: its failure is no gap.
        catchUp = await deps.getCatchUp(room.key).catch(() => undefined);
      }
      return { kind: 'snapshot', snapshot, catchUp };
    } catch (error) {
      return { kind: 'failure', error };
    }
  }

  async function poll(room: WatchedRoom): Promise<void> {
    if (closed || room.removed) return;
    const idle = clock.now() - room.interest > settings.idleMs;
    if (!(await mayWatch(room))) {
      // Another instance watches it and writes its history: re-read the store if it comes back.
      room.view = undefined;
      if (idle) remove(room);
      return schedule(room);
    }
    if (idle) {
      remove(room);
      return stop(room, 'idle');
    }
    if (!room.view) {
      try {
        await load(room);
      } catch (err) {
        // The store does not answer: try again at the next slot (a thrown poll would never be rescheduled).
        logger.warn({ err, room: room.id }, 'watch: could not read the room from the store; retrying at the next poll');
        return schedule(room);
      }
    }
    const view = room.view;
    if (room.removed || closed) return;
    if (!view) return schedule(room);
    const observation = await observe(room);
    const plan = planObservation(view, observation, iso(clock.now()), deps.nameOf);
    if (plan.bug !== undefined) logger.error({ err: plan.bug, room: room.id }, 'watch: reading the room failed unexpectedly');
    const lastObservedAt = plan.observedAt ?? view.lastObservedAt;
    room.observedAt = lastObservedAt;
    const heartbeat = plan.observedAt !== null && view.fold.watching && clock.now() - view.persistedAt >= settings.persistEveryMs;
    // A room with an unwritten diff writes even when the change has since been undone: the
    // stored snapshot moves on, and the log says what was dropped.
    const due = plan.events.length > 0 || heartbeat || (room.unwritten !== undefined && plan.observedAt !== null);
    const written = due ? await commit(room, plan.events, plan.basis, lastObservedAt) : true;
    if (plan.stop && written) {
      if (plan.stop === 'ended') finished.set(room.id, true);
      remove(room);
      return;
    }
    schedule(room);
  }

  async function mayWatch(room: WatchedRoom): Promise<boolean> {
    return deps.lease ? deps.lease(room.key) : true;
  }

  /** Writes watch.stopped for a room that was being watched; a room never seen just goes. */
  async function stop(room: WatchedRoom, reason: WatchStopReason): Promise<void> {
    if (!(await mayWatch(room))) return;
    if (!room.view) await load(room).catch((err: unknown) => logger.warn({ err, room: room.id }, 'watch: could not read the room to stop it'));
    const view = room.view;
    if (!view?.fold.watching) return;
    const at = iso(clock.now());
    const stopped = await commit(room, [{ kind: 'watch.stopped', at, observedAt: at, reason }], view.basis, view.lastObservedAt);
    if (!stopped) logger.warn({ room: room.id, reason }, 'watch: watch.stopped not written; a restart will resume the room');
  }

  async function refreshListing(): Promise<void> {
    try {
      const listed = await deps.listRooms();
      const now = clock.now();
      for (const room of listed) {
        add(room, now, { live: room.state !== undefined && room.state !== 'ended' && room.state !== 'unknown' });
      }
    } catch (err) {
      logger.warn({ err }, 'watch: listing rooms failed; keeping the rooms already watched');
    }
  }

  function scheduleListing(): void {
    if (closed) return;
    listTimer = clock.setTimeout(() => {
      listing = refreshListing().finally(scheduleListing);
    }, settings.listEveryMs);
  }

  return {
    async start() {
      const open = await store.openRooms();
      const now = clock.now();
      for (const key of open) add(key, now, { resumeOnly: true });
      listing = refreshListing();
      await listing;
      scheduleListing();
    },
    touch(room) {
      add(room, clock.now());
    },
    onEvents(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async refresh(key) {
      add(key, clock.now());
      const room = rooms.get(idOf(key));
      if (!room) return;
      if (room.timer !== undefined) clock.clearTimeout(room.timer);
      room.timer = undefined;
      run(room, () => poll(room));
      await room.busy;
    },
    status() {
      const recent = writeTimes.slice(0, Math.min(writes, WRITE_TIMES_KEPT)).sort();
      const writeP99Ms = recent.length === 0 ? null : (recent[Math.min(recent.length - 1, Math.floor(0.99 * recent.length))] ?? null);
      return { watching: rooms.size, maxRooms: settings.maxRooms, droppedForCapacity, refusedForCapacity, writeFailures, unwrittenRooms, writes, writeP99Ms };
    },
    oldestObservationAgeMs(withinMs) {
      const now = clock.now();
      let oldest: number | null = null;
      for (const room of rooms.values()) {
        if (room.observedAt !== null && now - room.interest <= withinMs) oldest = Math.max(oldest ?? 0, now - Date.parse(room.observedAt));
      }
      return oldest;
    },
    async close() {
      closed = true;
      if (listTimer !== undefined) clock.clearTimeout(listTimer);
      for (const room of rooms.values()) if (room.timer !== undefined) clock.clearTimeout(room.timer);
      await listing;
      await Promise.all([...running]);
    },
  };
}

/** Event kinds and counts (never names or contents) for a log line. */
function kindCounts(events: readonly NewRoomEvent[]): { events: number; kinds: Record<string, number> } {
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
