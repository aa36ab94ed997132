import type { FastifyBaseLogger } from 'fastify';
import type { RoomRef } from '../../src/contract/roomAccess';
import { vendorPolicy, type Config } from '../config';
import { openHistoryStore } from '../history/config';
import { startRetention } from '../history/retention';
import type { HistoryStore } from '../history/store';
import type { ProviderSet } from '../providers/registry';
import { budgetIntervals } from './budget';
import { roomSources } from './sources';
import { createWatcher, type Watcher, type WatchLease } from './watcher';
import type { HistoryRecorder } from '../metrics/recorder';

/** The history as the routes and /readyz see it: the store to read, the watcher to tell who is looking. */
export interface HistoryRuntime {
  store: HistoryStore;
  watcher: Watcher;
  /** Starts watching (after the server listens, so start-up is not held up by vendor reads). */
  start(): Promise<void>;
  /** Stops the watcher first (it may be writing), then retention, then the store. */
  close(): Promise<void>;
}

export interface HistoryRuntimeDeps {
  providers: ProviderSet;
  watchRooms: readonly RoomRef[];
  logger: FastifyBaseLogger;
  /** Several instances: whether this one may watch a room now (a Redis lease). */
  lease?: WatchLease;
  /** A room's polling interval given the configured one (slower while its vendor pushes). */
  intervalOf?: (room: RoomRef, baseMs: number) => number;
  /** With METRICS_PORT: the watcher's store writes are timed. */
  metrics?: HistoryRecorder;
}

/**
 * Opens the store (migrations included) and builds the watcher over the API's own provider
 * objects, so a watched room shares the cache and budgets of its viewers. Undefined with
 * HISTORY=off. A store that cannot be opened throws HistoryStartError, naming DATA_DIR or
 * DATABASE_URL's host, which main.ts prints before exiting.
 */
export async function openHistoryRuntime(config: Config, deps: HistoryRuntimeDeps): Promise<HistoryRuntime | undefined> {
  const store = await openHistoryStore(config.history, deps.logger);
  if (!store) return undefined;
  // Each vendor's client-side rate, as its provider was given it, so watching stays inside it.
  const rates = new Map(config.vendorModules.map((module) => [module.id, vendorPolicy(module, config.upstream).ratePerSecond] as const));
  const watcher = createWatcher({
    store,
    settings: config.watch,
    budgetIntervalMs: budgetIntervals(rates),
    logger: deps.logger,
    ...roomSources(deps.providers, deps.watchRooms),
    ...(deps.lease ? { lease: deps.lease } : {}),
    ...(deps.intervalOf ? { intervalOf: deps.intervalOf } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    // The vendor's name for a participant (Bandwidth: the member's number); participant events
    // are moderators' only, so it is stored as is.
    nameOf: (participant) => participant.name ?? null,
  });
  let stopRetention: (() => void) | undefined;
  return {
    store,
    watcher,
    async start() {
      stopRetention = startRetention(store, config.history.retentionDays, deps.logger);
      await watcher.start();
    },
    async close() {
      await watcher.close();
      stopRetention?.();
      await store.close();
    },
  };
}
