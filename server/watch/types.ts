import type { HistoryRecorder } from '../metrics/recorder';
import type { CatchUp } from '../../src/contract/dashboard';
import type { RoomEvent } from '../../src/contract/history';
import type { ProviderId } from '../../src/contract/ids';
import type { CallSnapshot, CallState } from '../../src/contract/snapshot';
import type { RoomFold } from '../history/fold';
import type { HistoryStore, RoomRef } from '../history/store';
import type { Clock, TimerHandle } from './clock';
import type { WatchSettings } from './config';
import type { NameOf } from './differ';
import type { LatestBoard } from './latest';

/** Whether this instance may watch `room` now (a Redis lease with several instances; always yes for one). */
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
   * Several instances: the watcher stopped watching the room here (ended, idle, over capacity,
   * or its watch.stopped written): its lease, if held, is handed back so another instance may
   * take it at once instead of after the lease's expiry.
   */
  unlease?(room: RoomRef): void;
  /**
   * The shortest poll interval a vendor's request budget allows when `watched` of its rooms are
   * watched (see budget.ts); the room's interval is the larger of this and WATCH_INTERVAL_MS.
   */
  budgetIntervalMs?(provider: ProviderId, watched: number): number;
  clock?: Clock;
  nameOf?: NameOf;
  /**
   * The polling interval for a room, given the configured one: longer while its vendor's
   * webhooks arrive (push/pushHealth.ts), when polling is only reconciliation. Default: the base.
   */
  intervalOf?(room: RoomRef, baseMs: number): number;
  /** Where each observation goes for viewers (reader.ts answers from it); entries go with their room. */
  board?: LatestBoard;
  /** With METRICS_PORT: each store write's duration. */
  metrics?: HistoryRecorder;
  /**
   * Several instances: a room whose lease is elsewhere is not dropped from the board but
   * refreshed from its holder's published latest (at each of its polls here).
   */
  mirror?(room: RoomRef): Promise<void>;
  /** Several instances: someone read the room here (shared, so its holder paces it). */
  markLookedAt?(room: RoomRef): void;
  /** Several instances: when someone last read the room through any instance. */
  sharedLookedAt?(room: RoomRef): Promise<number | undefined>;
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
  /** The 99th percentile of the last writes' durations (ms); null before the first. */
  writeP99Ms: number | null;
}

export interface Watcher {
  /** Resumes the rooms the store has open and starts reading the listings. */
  start(): Promise<void>;
  /** Someone read `room` through the API: watch it (again) for WATCH_IDLE_MINUTES. */
  touch(room: RoomRef): void;
  /** Whether this instance reads the room now (watched, its lease here): viewers are answered from the board. */
  watches(room: RoomRef): boolean;
  /** Whether the room is among this instance's watched rooms, whoever holds its lease. */
  tracks(room: RoomRef): boolean;
  /** Whether this instance's last poll of the room found its lease here (always, without leases). */
  holds(room: RoomRef): boolean;
  /** The rooms `holds` is true of. */
  heldRooms(): RoomRef[];
  onEvents(listener: EventsListener): () => void;
  /**
   * A webhook said `room` changed: read it now, in the room's own queue (so its history keeps
   * one writer and one numbering), instead of at its next slot. Resolves once read and written.
   */
  refresh(room: RoomRef): Promise<void>;
  status(): WatchStatus;
  /** Age (ms) of the oldest latest observation among rooms looked at in the last `withinMs`; null when none (metrics). */
  oldestObservationAgeMs(withinMs: number): number | null;
  /** Stops every timer and waits for reads and writes in flight. Writes no watch.stopped: a restart resumes. */
  close(): Promise<void>;
}

/** What the watcher knows of a room between polls, once its history was read from the store. */
export interface WatchedView {
  fold: RoomFold;
  basis: CallSnapshot | null;
  lastObservedAt: string | null;
  /** When the record and last snapshot were last written (heartbeat). */
  persistedAt: number;
}

/** One watched room: shared by the parts of the watcher (capacity, scheduling, polling, writing). */
export interface WatchedRoom {
  key: RoomRef;
  id: string;
  /** Last time someone read or a listing named the room. */
  interest: number;
  /** Last time someone read it through the API: for LOOKED_AT_MS it is polled at WATCH_INTERVAL_MS. */
  lookedAt: number;
  /** Whether the last poll found the room's lease here (undefined before the first). */
  leased: boolean | undefined;
  /**
   * With leases: when this instance last read the room from the vendor. Polls come every
   * WATCH_INTERVAL_MS (they renew the lease), reads only at the room's own pace.
   */
  lastReadAt: number;
  /** A webhook asked for a read now, whatever the pace. */
  forceRead: boolean;
  /** Next poll time, on a fixed grid offset per room. */
  due: number;
  timer: TimerHandle | undefined;
  /** The one operation (poll or stop) running for this room; polls never overlap. */
  busy: Promise<void> | undefined;
  removed: boolean;
  /** undefined until the room's history was read from the store (or after losing the lease). */
  view: WatchedView | undefined;
  catchUpReadAt: number;
  /**
   * Added only because the store had it open at start-up: watched again only if the last process
   * was still watching it, not if it had stopped it (idle, capacity), unless someone wants it now.
   */
  resumeOnly: boolean;
  /**
   * When a listing last called it live (epoch ms by the watcher's clock; -Infinity never): a room
   * whose stored history ended before that is watched again (a reused room name); one that ended
   * after it is not. Several instances: a room handed over after its holder saw it end is then
   * not read again by each instance in turn.
   */
  listedLiveAt: number;
}

export const idOf = (room: RoomRef): string => `${room.provider}:${room.callId}`;
