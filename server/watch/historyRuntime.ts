import type { FastifyBaseLogger } from 'fastify';
import type { RoomSummary } from '../../src/contract/dashboard';
import type { ProviderId } from '../../src/contract/ids';
import type { RoomRef } from '../../src/contract/roomAccess';
import type { Config } from '../config';
import type { AppDatabase } from '../db';
import { openHistoryDatabase } from '../history/config';
import { historyRepository } from '../history/repository';
import { startRetention } from '../history/retention';
import type { HistoryStore } from '../history/store';
import type { ProviderSet } from '../providers/registry';
import { budgetIntervals } from './budget';
import { createLatestBoard, type LatestBoard } from './latest';
import { createListingBoard, listRooms, type ListingStatus } from './listings';
import { createLongPoll, type LongPoll } from './longPoll';
import { roomsOverview } from './overview';
import { createRoomReader, type RoomReader } from './reader';
import { mirrorInto, publishingBoard, type SharedWatch } from './shared';
import { roomSources } from './sources';
import type { Watcher, WatchLease } from './types';
import { createWatcher } from './watcher';
import type { AnswerRecorder, HistoryRecorder } from '../metrics/recorder';

/** The history as the routes and /readyz see it: the store to read, the watcher, and how viewers are answered. */
export interface HistoryRuntime {
  /** The database the history lives in, for the features whose tables sit beside it (alerts, share links). */
  database: AppDatabase;
  store: HistoryStore;
  watcher: Watcher;
  /** The watcher's latest observation of each watched room (and who waits for it to change). */
  board: LatestBoard;
  /** Viewers' reads of a room: from the board, a room's first read from the vendor. */
  reader: RoomReader;
  /** Long polls (`Prefer: wait`) on the board. */
  longPoll: LongPoll;
  /** `GET /api/rooms` from the last listings and the latest snapshots: never waits on a listing. */
  overview(canRead: (room: RoomRef) => boolean): Promise<RoomSummary[]>;
  /** `/api/providers` `listing` of a vendor; null when it cannot list. */
  listingStatus(provider: ProviderId): ListingStatus | null;
  /** Starts watching (after the server listens, so start-up is not held up by vendor reads). */
  start(): Promise<void>;
  /** Answers held long polls, stops the watcher (it may be writing), then retention, then the database. */
  close(): Promise<void>;
}

export interface HistoryRuntimeDeps {
  providers: ProviderSet;
  watchRooms: readonly RoomRef[];
  /** Each vendor's client-side rate (requests/s, null for none), as its provider was given it. */
  rates: ReadonlyMap<ProviderId, number | null>;
  logger: FastifyBaseLogger;
  /** Several instances: whether this one may watch a room now (a Redis lease). */
  lease?: WatchLease;
  /** Several instances: the watcher stopped watching a room here; its lease goes back at once. */
  unlease?: (room: RoomRef) => void;
  /** A room's polling interval given the configured one (slower while its vendor pushes). */
  intervalOf?: (room: RoomRef, baseMs: number) => number;
  /** With METRICS_PORT: the watcher's store writes are timed. */
  metrics?: HistoryRecorder & AnswerRecorder;
  /**
   * Several instances (REDIS_URL): a room's lease holder is its only reader and publishes what it
   * reads; the other instances answer from that, and one instance reads each vendor's listing.
   */
  shared?: SharedWatch;
}

/**
 * Opens the store (migrations included) and builds the watcher over the API's own provider
 * objects, so a watched room shares the cache and budgets of its viewers. Undefined with
 * HISTORY=off. A database that cannot be opened throws DatabaseStartError, naming DATA_DIR or
 * DATABASE_URL's host, which main.ts prints before exiting.
 */
export async function openHistoryRuntime(config: Config, deps: HistoryRuntimeDeps): Promise<HistoryRuntime | undefined> {
  const database = await openHistoryDatabase(config.history, deps.logger);
  if (!database) return undefined;
  const store = historyRepository(database);
  const board = createLatestBoard();
  const listings = createListingBoard();
  const shared = deps.shared;
  const readListing = shared && ((provider: ProviderId, read: () => Promise<RoomSummary[]>) => shared.listing(provider, read));
  const sources = roomSources(deps.providers, deps.watchRooms, (listing) => listings.record(listing, new Date()), readListing);
  const sharing = shared
    ? {
        mirror: async (room: RoomRef) => {
          const latest = await shared.fetch(room);
          if (latest) mirrorInto(board, room, latest);
        },
        markLookedAt: (room: RoomRef) => shared.markLookedAt(room),
        sharedLookedAt: (room: RoomRef) => shared.lookedAt(room),
      }
    : {};
  const watcher = createWatcher({
    store,
    settings: config.watch,
    budgetIntervalMs: budgetIntervals(deps.rates),
    logger: deps.logger,
    ...sources,
    // What this instance reads goes to the other instances too.
    board: shared ? publishingBoard(board, shared) : board,
    ...sharing,
    ...(deps.lease ? { lease: deps.lease } : {}),
    ...(deps.unlease ? { unlease: deps.unlease } : {}),
    ...(deps.intervalOf ? { intervalOf: deps.intervalOf } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    // The vendor's name for a participant (Bandwidth: the member's number); participant events
    // are moderators' only, so it is stored as is.
    nameOf: (participant) => participant.name ?? null,
  });
  // New events change the room's digest: its long polls look again.
  watcher.onEvents((room) => board.touched(room));
  const reader = createRoomReader({
    board,
    getSnapshot: sources.getSnapshot,
    getCatchUp: sources.getCatchUp,
    watches: (room) => watcher.watches(room),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(shared ? { shared, tracks: (room: RoomRef) => watcher.tracks(room), readAsHolder: (room: RoomRef) => watcher.refresh(room) } : {}),
  });
  const unsubscribe = shared?.onNotice((notice) => {
    // Rooms this instance watches but does not read: their holder's news wakes the long polls here.
    if (!watcher.tracks(notice.room)) return;
    if (notice.kind === 'events') board.touched(notice.room);
    else if (!watcher.holds(notice.room)) mirrorInto(board, notice.room, notice.latest);
  });
  if (shared) watcher.onEvents((room) => shared.publishEvents(room));
  const longPoll = createLongPoll(board, config.watch.longPollMax ?? 10_000);
  let stopRetention: (() => void) | undefined;
  return {
    database,
    store,
    watcher,
    board,
    reader,
    longPoll,
    async overview(canRead) {
      let listing = listings.last();
      if (!listing) {
        // Before the watcher's first listing (it is read at start): this one read waits, once.
        listing = await listRooms(deps.providers, deps.watchRooms, readListing);
        listings.record(listing, new Date());
      }
      return roomsOverview(listing, (room) => reader.snapshot(room), canRead);
    },
    listingStatus: (provider) => (deps.providers.get(provider)?.listRooms ? (listings.statusOf(provider) ?? { ok: false, observedAt: null }) : null),
    async start() {
      stopRetention = startRetention(store, config.history.retentionDays, deps.logger);
      await watcher.start();
    },
    async close() {
      unsubscribe?.();
      await longPoll.close();
      await watcher.close();
      stopRetention?.();
      await database.close();
    },
  };
}
