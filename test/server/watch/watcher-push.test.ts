import { afterEach, describe, expect, it } from 'vitest';
import type { RoomRef } from '../../../server/history/store';
import type { WatchSettings } from '../../../server/watch/config';
import { createWatcher, type Watcher } from '../../../server/watch/watcher';
import { PushHealth } from '../../../server/push/pushHealth';
import { FakeRooms } from '../../support/fakeRooms';
import { ManualClock, settle } from '../../support/manualClock';
import { MemoryHistoryStore } from '../../support/memoryHistoryStore';

const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const INTERVAL = 2000;
const settings: WatchSettings = {
  intervalMs: INTERVAL,
  idleMs: 600_000,
  maxRooms: 500,
  listEveryMs: 600_000,
  catchUpEveryMs: 600_000,
  persistEveryMs: 600_000,
};
const room: RoomRef = { provider: 'tencent', callId: 'call-1' };
const silent = { info() {}, warn() {}, error() {} };

let watchers: Watcher[] = [];
afterEach(async () => {
  await Promise.all(watchers.map((w) => w.close()));
  watchers = [];
});

function setup(health?: PushHealth) {
  const clock = new ManualClock(T0);
  const store = new MemoryHistoryStore();
  const rooms = new FakeRooms(clock);
  const watcher = createWatcher({
    store,
    settings,
    logger: silent,
    getSnapshot: rooms.getSnapshot,
    listRooms: rooms.listRooms,
    clock,
    ...(health ? { intervalOf: (r: RoomRef, base: number) => health.intervalFor(r.provider, base) } : {}),
  });
  watchers.push(watcher);
  return { clock, store, rooms, watcher };
}

describe('watcher and push', () => {
  it('records a pushed change at once, numbered after the polled events, without waiting for the next poll', async () => {
    const { clock, store, rooms, watcher } = setup();
    rooms.set(room, { recording: 'unknown' });
    rooms.listed = [room];
    await watcher.start();
    await clock.advance(INTERVAL);
    const before = store.allEvents(room);
    expect(before.map((e) => e.kind)).toEqual(['watch.started']);

    // The webhook changed what the provider answers; refresh reads it now, at the same instant.
    rooms.set(room, { recording: 'on' });
    await watcher.refresh(room);
    const after = store.allEvents(room);
    expect(after.map((e) => e.kind)).toEqual(['watch.started', 'recording']);
    expect(after.at(-1)).toMatchObject({ kind: 'recording', from: 'unknown', to: 'on', seq: (before.at(-1)?.seq ?? 0) + 1 });

    // The next regular poll finds nothing new: the change is not recorded twice.
    await clock.advance(INTERVAL);
    expect(store.allEvents(room)).toHaveLength(2);
  });

  it('keeps one writer per room: concurrent refreshes and polls number events without gaps or repeats', async () => {
    const { clock, store, rooms, watcher } = setup();
    rooms.set(room, { recording: 'off' });
    rooms.listed = [room];
    await watcher.start();
    await clock.advance(INTERVAL);
    const flips = Array.from({ length: 6 }, (_, i) => {
      rooms.set(room, { recording: i % 2 === 0 ? 'on' : 'off' });
      return watcher.refresh(room);
    });
    await Promise.all([...flips, clock.advance(INTERVAL)]);
    await settle();
    const seqs = store.allEvents(room).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] ?? 0) + i));
  });

  it('polls a room three times slower while its vendor pushes, and at the normal pace once push goes quiet', async () => {
    const clockForHealth = { now: T0 };
    const health = new PushHealth({ quietMs: 30_000, slowdown: 3, now: () => clockForHealth.now });
    const { clock, rooms, watcher } = setup(health);
    rooms.set(room, {});
    rooms.listed = [room];
    await watcher.start();
    await clock.advance(INTERVAL);
    health.arrived('tencent');
    const start = rooms.readsOf(room);
    for (let i = 0; i < 6; i += 1) {
      await clock.advance(INTERVAL);
      clockForHealth.now = clock.now();
    }
    const withPush = rooms.readsOf(room) - start;
    clockForHealth.now = clock.now() + 60_000;
    const quietStart = rooms.readsOf(room);
    for (let i = 0; i < 6; i += 1) await clock.advance(INTERVAL);
    const withoutPush = rooms.readsOf(room) - quietStart;
    expect(withPush).toBeLessThanOrEqual(3);
    expect(withoutPush).toBeGreaterThanOrEqual(5);
  });
});
