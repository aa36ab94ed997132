import type { RoomRef } from '../history/store';
import { createCapacity, type AddHow } from './capacity';
import { systemClock, type TimerHandle } from './clock';
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
export function createWatcher(deps: WatcherDeps): Watcher {
  const { settings, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const scheduler = createScheduler(clock, logger);
  const writer = createRoomWriter(deps.store, clock, logger);
  let closed = false;
  let listTimer: TimerHandle | undefined;
  let listing: Promise<void> | undefined;

  const capacity = createCapacity(settings, clock, logger, (victim) => {
    remove(victim);
    scheduler.run(victim, () => poller.stop(victim, 'capacity'));
  });

  function remove(room: WatchedRoom, ended = false): void {
    writer.forget(room);
    scheduler.cancel(room);
    capacity.release(room);
    if (ended) capacity.finished(room);
  }

  /** WATCH_INTERVAL_MS, stretched when the room's vendor cannot afford that many reads (budget.ts). */
  function intervalOf(room: WatchedRoom): number {
    let base = settings.intervalMs;
    if (deps.budgetIntervalMs) base = Math.max(base, deps.budgetIntervalMs(room.key.provider, capacity.watchedOf(room.key.provider)));
    // While the vendor's webhooks arrive, polling is only reconciliation and may slow down further.
    return deps.intervalOf ? deps.intervalOf(room.key, base) : base;
  }

  const reschedule = (room: WatchedRoom) => {
    if (!closed) scheduler.schedule(room, intervalOf(room), () => poller.poll(room));
  };

  const poller = createRoomPoller({ deps, clock, writer, remove, reschedule, isClosed: () => closed });

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
      for (const room of listed) add(room, now, { live: room.state !== undefined && room.state !== 'ended' && room.state !== 'unknown' });
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
      for (const key of open) add(key, now, { resumeOnly: true });
      listing = refreshListing();
      await listing;
      scheduleListing();
    },
    touch(room) {
      add(room, clock.now());
    },
    onEvents: (listener) => writer.onEvents(listener),
    async refresh(key) {
      const room = add(key, clock.now());
      if (!room || room.removed) return;
      scheduler.cancel(room);
      scheduler.run(room, () => poller.poll(room));
      await room.busy;
    },
    status() {
      return { watching: capacity.rooms.size, maxRooms: settings.maxRooms, ...capacity.counts(), ...writer.status() };
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
