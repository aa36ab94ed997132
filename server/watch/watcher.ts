import type { RoomRef } from '../history/store';
import { createCapacity, type AddHow } from './capacity';
import type { ProviderId } from '../../src/contract/ids';
import { systemClock, type TimerHandle } from './clock';
import { LOOKED_AT_MS } from './config';
import { createRoomPoller } from './poller';
import { createScheduler } from './scheduler';
import { idOf, type Watcher, type WatcherDeps, type WatchedRoom } from './types';
import { createRoomWriter } from './writer';

export type { EventsListener, ListedRoom, WatchLease, Watcher, WatcherDeps, WatcherLogger, WatchStatus } from './types';

/**
 * The watcher, put together from its parts: capacity (which rooms, within WATCH_MAX_ROOMS),
 * scheduling (each room's grid and one operation at a time), polling (read, diff) and writing
 * (with the store-outage pending diff). This file holds only the listing timer and the wiring.
 */
/** How long a per-vendor count of looked-at rooms is reused. */
const HOT_COUNT_MS = 500;

/** The most of a vendor's watch budget the looked-at rooms take while others are watched too. */
const HOT_SHARE = 0.75;

export function createWatcher(deps: WatcherDeps): Watcher {
  const { settings, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const scheduler = createScheduler(clock, logger);
  const writer = createRoomWriter(deps.store, clock, logger, deps.metrics);
  let closed = false;
  let listTimer: TimerHandle | undefined;
  let listing: Promise<void> | undefined;

  const capacity = createCapacity(settings, clock, logger, (victim) => {
    remove(victim);
    scheduler.run(victim, () => poller.stop(victim, 'capacity'));
  });

  function remove(room: WatchedRoom, ended = false): void {
    writer.forget(room);
    if (ended) deps.board?.retire(room.key);
    else deps.board?.drop(room.key);
    scheduler.cancel(room);
    capacity.release(room);
    if (ended) capacity.finished(room);
    deps.unlease?.(room.key);
  }

  const lookedAt = (room: WatchedRoom, now = clock.now()) => now - room.lookedAt < LOOKED_AT_MS;

  // Rooms looked at, per vendor: counted at most every HOT_COUNT_MS, not at every reschedule.
  const hotCounts = new Map<ProviderId, { at: number; count: number }>();
  function hotOf(provider: ProviderId, now: number): number {
    const cached = hotCounts.get(provider);
    if (cached && now - cached.at < HOT_COUNT_MS) return cached.count;
    let count = 0;
    for (const room of capacity.rooms.values()) if (room.key.provider === provider && lookedAt(room, now)) count += 1;
    hotCounts.set(provider, { at: now, count });
    return count;
  }

  /**
   * The budget goes where people look: a room read through the API in the last 30 s is polled at
   * WATCH_INTERVAL_MS, the others at WATCH_IDLE_INTERVAL_MS, both stretched when the vendor's
   * request budget cannot afford them (budget.ts). Looked-at rooms are served first, with up to
   * HOT_SHARE of the budget while others are watched too; the rooms nobody looks at share the rest.
   */
  function pacedOf(room: WatchedRoom): number {
    const now = clock.now();
    const hot = lookedAt(room, now);
    const idle = Math.max(settings.intervalMs, settings.idleIntervalMs ?? settings.intervalMs);
    let ms = hot ? settings.intervalMs : idle;
    const perRoom = deps.budgetIntervalMs ? deps.budgetIntervalMs(room.key.provider, 1) : 0;
    if (perRoom > 0) {
      const all = capacity.watchedOf(room.key.provider);
      const hotRooms = Math.min(all, Math.max(hot ? 1 : 0, hotOf(room.key.provider, now)));
      const coldRooms = all - hotRooms;
      // perRoom ms per snapshot is the whole budget: hot rooms take hotRooms × perRoom / share.
      const hotMs = hotRooms === 0 ? Number.POSITIVE_INFINITY : Math.max(settings.intervalMs, Math.ceil((hotRooms * perRoom) / (coldRooms > 0 ? HOT_SHARE : 1)));
      if (hot) ms = hotMs;
      else {
        const left = 1 - (hotRooms === 0 ? 0 : (hotRooms * perRoom) / hotMs);
        ms = Math.max(idle, Math.ceil((coldRooms * perRoom) / left));
      }
    }
    // While the vendor's webhooks arrive, polling is only reconciliation and may slow down further.
    return deps.intervalOf ? deps.intervalOf(room.key, ms) : ms;
  }

  /**
   * With several instances a room's lease is renewed by its polls and lives three
   * WATCH_INTERVAL_MS, so every room is polled at that interval (the others try to take it at
   * each), but its holder reads the vendor only at the room's own pace (`readDue`): N instances
   * cost the vendor what one does, and a dead holder's room moves within a few intervals.
   */
  const intervalOf = (room: WatchedRoom): number => (deps.lease ? settings.intervalMs : pacedOf(room));

  /** Whether this poll reads the vendor: always for one instance; at the room's pace (on the nearest poll) with leases. */
  const readDue = (room: WatchedRoom): boolean => !deps.lease || room.forceRead || clock.now() - room.lastReadAt >= pacedOf(room) - settings.intervalMs / 2;

  const reschedule = (room: WatchedRoom) => {
    if (!closed) scheduler.schedule(room, intervalOf(room), () => poller.poll(room));
  };

  const poller = createRoomPoller({ deps, clock, writer, remove, reschedule, readDue, isClosed: () => closed });

  function add(key: RoomRef, now: number, how?: AddHow): WatchedRoom | undefined {
    if (closed) return capacity.rooms.get(idOf(key));
    const admitted = capacity.admit(key, now, how);
    if (admitted?.added) reschedule(admitted.room);
    return admitted?.room;
  }

  async function refreshListing(): Promise<void> {
    try {
      const listed = await deps.listRooms();
      const now = clock.now();
      // A listing fills free places; it never displaces a room someone reads (capacity.ts).
      for (const room of listed) add(room, now, { live: room.state !== undefined && room.state !== 'ended' && room.state !== 'unknown', freePlaceOnly: true });
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
      const open = await deps.store.openRooms();
      const now = clock.now();
      for (const key of open) add(key, now, { resumeOnly: true, freePlaceOnly: true });
      listing = refreshListing();
      await listing;
      scheduleListing();
    },
    touch(key) {
      const now = clock.now();
      const room = add(key, now);
      if (!room) return;
      const wasLookedAt = lookedAt(room, now);
      room.lookedAt = now;
      deps.markLookedAt?.(key);
      // Someone looks at a room polled slowly: its next read comes at the faster pace, not at the old slot.
      if (!wasLookedAt && !room.busy && !room.removed) {
        hotCounts.delete(room.key.provider);
        reschedule(room);
      }
    },
    watches(key) {
      const room = capacity.rooms.get(idOf(key));
      return room !== undefined && !room.removed && room.leased !== false;
    },
    tracks(key) {
      const room = capacity.rooms.get(idOf(key));
      return room !== undefined && !room.removed;
    },
    holds(key) {
      const room = capacity.rooms.get(idOf(key));
      return room !== undefined && !room.removed && (deps.lease ? room.leased === true : true);
    },
    heldRooms() {
      return [...capacity.rooms.values()].filter((room) => !room.removed && (deps.lease ? room.leased === true : true)).map((room) => room.key);
    },
    onEvents: (listener) => writer.onEvents(listener),
    async refresh(key) {
      const room = add(key, clock.now());
      if (!room || room.removed) return;
      scheduler.cancel(room);
      room.forceRead = true;
      scheduler.run(room, () => poller.poll(room));
      await room.busy;
    },
    status() {
      return { watching: capacity.rooms.size, maxRooms: settings.maxRooms, ...capacity.counts(), ...writer.status() };
    },
    oldestObservationAgeMs(withinMs) {
      const now = clock.now();
      let oldest: number | null = null;
      for (const room of capacity.rooms.values()) {
        const observedAt = room.view?.lastObservedAt;
        if (observedAt && now - room.lookedAt <= withinMs) oldest = Math.max(oldest ?? 0, now - Date.parse(observedAt));
      }
      return oldest;
    },
    async close() {
      closed = true;
      if (listTimer !== undefined) clock.clearTimeout(listTimer);
      for (const room of capacity.rooms.values()) scheduler.cancel(room);
      await listing;
      await scheduler.close();
    },
  };
}
