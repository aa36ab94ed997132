import { afterEach, describe, expect, it } from 'vitest';
import type { RoomEvent } from '../../../src/contract/history';
import { UpstreamError } from '../../../server/errors';
import type { RoomRef } from '../../../server/history/store';
import type { WatchSettings } from '../../../server/watch/config';
import { budgetIntervals } from '../../../server/watch/budget';
import { createWatcher, type Watcher, type WatcherDeps } from '../../../server/watch/watcher';
import { FakeRooms } from '../../support/fakeRooms';
import { ManualClock } from '../../support/manualClock';
import { MemoryHistoryStore } from '../../support/memoryHistoryStore';

const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const INTERVAL = 2000;
const settings: WatchSettings = {
  intervalMs: INTERVAL,
  idleMs: 60_000,
  maxRooms: 500,
  listEveryMs: 10_000,
  catchUpEveryMs: 10_000,
  persistEveryMs: 30_000,
};
const r1: RoomRef = { provider: 'proconf', callId: 'room-1' };
const r2: RoomRef = { provider: 'bandwidth', callId: 'c-2' };
const r3: RoomRef = { provider: 'tencent', callId: 'r-3' };
const person = (id: string, muted = false) => ({ id, state: 'joined' as const, joinedAt: null, leftAt: null, muted, onHold: null });
const silentLogger = { info() {}, warn() {}, error() {} };

let watchers: Watcher[] = [];
afterEach(async () => {
  await Promise.all(watchers.map((w) => w.close()));
  watchers = [];
});

function setup(over: Partial<Omit<WatcherDeps, 'settings'>> & { settings?: Partial<WatchSettings>; store?: MemoryHistoryStore; clock?: ManualClock } = {}) {
  const clock = over.clock ?? new ManualClock(T0);
  const store = over.store ?? new MemoryHistoryStore();
  const rooms = new FakeRooms(clock);
  const seen: { room: RoomRef; events: readonly RoomEvent[] }[] = [];
  const watcher = createWatcher({
    store,
    logger: silentLogger,
    getSnapshot: rooms.getSnapshot,
    listRooms: rooms.listRooms,
    clock,
    ...over,
    settings: { ...settings, ...over.settings },
  });
  watcher.onEvents((room, events) => seen.push({ room, events }));
  watchers.push(watcher);
  return { clock, store, rooms, watcher, seen };
}

const kinds = (events: RoomEvent[]) => events.map((e) => e.kind);

describe('watcher', () => {
  it('writes a baseline, then each change once, reading each room once per interval', async () => {
    const { clock, store, rooms, watcher, seen } = setup();
    rooms.set(r1, { participants: [person('ann')], startedAt: '2026-11-23T09:59:00.000Z' });
    rooms.listed = [r1];
    await watcher.start();
    await clock.advance(INTERVAL);
    expect(kinds(store.allEvents(r1))).toEqual(['watch.started', 'participant.joined']);

    rooms.set(r1, { recording: 'on', participants: [person('ann', true), person('bob')] });
    await clock.advance(INTERVAL);
    const events = store.allEvents(r1);
    expect(kinds(events)).toEqual(['watch.started', 'participant.joined', 'recording', 'participant.muted', 'participant.joined']);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    const change = events[2];
    expect(change).toMatchObject({ from: 'off', to: 'on' });
    expect(Date.parse(change?.observedAt ?? '') - Date.parse(events[0]?.observedAt ?? '')).toBe(INTERVAL);

    await clock.advance(10 * INTERVAL);
    expect(store.allEvents(r1)).toHaveLength(5);
    expect(rooms.readsOf(r1)).toBe(12);
    expect(seen.flatMap((s) => s.events.map((e) => e.seq))).toEqual([1, 2, 3, 4, 5]);
    // With nothing changing, the record is refreshed every persistEveryMs (30 s after the change).
    await clock.advance(5 * INTERVAL);
    expect((await store.room(r1))?.record).toMatchObject({ state: 'active', recordedSec: 30, peakParticipants: 2 });
  });

  it('shows a vendor failure as one gap and, once the vendor answers, what changed during it', async () => {
    const { clock, store, rooms, watcher } = setup();
    rooms.set(r1, {});
    rooms.listed = [r1];
    await watcher.start();
    await clock.advance(INTERVAL);
    rooms.fail(r1, new UpstreamError('proconf', 'unavailable', 'connection refused'));
    await clock.advance(4 * INTERVAL);
    rooms.set(r1, { recording: 'on' });
    rooms.heal(r1);
    await clock.advance(INTERVAL);
    const events = store.allEvents(r1);
    expect(kinds(events)).toEqual(['watch.started', 'gap.started', 'gap.ended', 'recording']);
    const firstSeen = Date.parse(events[0]?.observedAt ?? '');
    expect(events[1]).toMatchObject({ reason: 'vendor_unavailable', at: new Date(firstSeen + INTERVAL).toISOString() });
    expect(events[2]).toMatchObject({ reason: 'vendor_unavailable', at: new Date(firstSeen + 5 * INTERVAL).toISOString() });
    expect(events[3]).toMatchObject({ from: 'off', to: 'on' });
  });

  it('names the gap after the failure: rate limited, timeout', async () => {
    const { clock, store, rooms, watcher } = setup();
    for (const room of [r1, r2]) rooms.set(room, {});
    rooms.listed = [r1, r2];
    await watcher.start();
    await clock.advance(INTERVAL);
    rooms.fail(r1, new UpstreamError('proconf', 'rate_limited', '429'));
    rooms.fail(r2, new UpstreamError('bandwidth', 'timeout', 'no answer'));
    await clock.advance(INTERVAL);
    expect(store.allEvents(r1).at(-1)).toMatchObject({ kind: 'gap.started', reason: 'rate_limited' });
    expect(store.allEvents(r2).at(-1)).toMatchObject({ kind: 'gap.started', reason: 'timeout' });
  });

  it('takes a stale answer (the cache covering for a failing vendor) as a gap, not as a new observation', async () => {
    let stale = false;
    const clock = new ManualClock(T0);
    const rooms = new FakeRooms(clock);
    const { store, watcher } = setup({ clock, getSnapshot: async (room) => ({ ...(await rooms.getSnapshot(room)), stale }) });
    rooms.set(r1, {});
    watcher.touch(r1);
    await clock.advance(INTERVAL);
    stale = true;
    rooms.set(r1, { recording: 'on' });
    await clock.advance(2 * INTERVAL);
    expect(kinds(store.allEvents(r1))).toEqual(['watch.started', 'gap.started']);
    expect(store.allEvents(r1)[1]).toMatchObject({ reason: 'vendor_unavailable' });
  });

  it('stops one poll after the call ended and does not watch it again when listed', async () => {
    const { clock, store, rooms, watcher } = setup();
    rooms.set(r1, { participants: [person('ann')] });
    rooms.listed = [r1];
    await watcher.start();
    await clock.advance(INTERVAL);
    rooms.set(r1, { state: 'ended', endedAt: '2026-11-23T10:00:01.500Z' });
    await clock.advance(INTERVAL);
    rooms.set(r1, { participants: [{ ...person('ann'), state: 'left', leftAt: '2026-11-23T10:00:01.700Z' }] });
    await clock.advance(INTERVAL);
    const events = store.allEvents(r1);
    expect(kinds(events)).toEqual(['watch.started', 'participant.joined', 'state', 'participant.left', 'watch.stopped']);
    expect(events[2]).toMatchObject({ to: 'ended', at: '2026-11-23T10:00:01.500Z' });
    expect(events[4]).toMatchObject({ reason: 'ended' });
    const reads = rooms.readsOf(r1);
    await clock.advance(30_000);
    expect(rooms.readsOf(r1)).toBe(reads);
    expect(watcher.status().watching).toBe(0);
    expect((await store.room(r1))?.record).toMatchObject({ state: 'ended', endedAt: '2026-11-23T10:00:01.500Z' });
  });

  it('watches an ended room again when a listing calls it live (a reused room name)', async () => {
    const { clock, store, rooms, watcher } = setup();
    rooms.set(r1, {});
    rooms.listed = [{ ...r1, state: 'active' }];
    await watcher.start();
    await clock.advance(INTERVAL);
    rooms.set(r1, { state: 'ended' });
    rooms.listed = [{ ...r1, state: 'ended' }];
    await clock.advance(2 * INTERVAL);
    await clock.advance(settings.listEveryMs);
    expect(kinds(store.allEvents(r1))).toEqual(['watch.started', 'state', 'watch.stopped']);

    rooms.set(r1, { state: 'active' });
    rooms.listed = [{ ...r1, state: 'active' }];
    await clock.advance(settings.listEveryMs + INTERVAL);
    expect(kinds(store.allEvents(r1))).toEqual(['watch.started', 'state', 'watch.stopped', 'watch.started']);
    expect(store.allEvents(r1)[3]).toMatchObject({ state: 'active' });
  });

  it('takes a room its vendor no longer knows as ended, and forgets one it never saw', async () => {
    const { clock, store, rooms, watcher } = setup();
    rooms.set(r1, {});
    watcher.touch(r1);
    watcher.touch(r2);
    rooms.fail(r2, new UpstreamError('bandwidth', 'not_found', '404'));
    await clock.advance(INTERVAL);
    rooms.fail(r1, new UpstreamError('proconf', 'not_found', '404'));
    await clock.advance(INTERVAL);
    expect(kinds(store.allEvents(r1))).toEqual(['watch.started', 'state', 'watch.stopped']);
    expect(store.allEvents(r1)[1]).toMatchObject({ from: 'active', to: 'ended' });
    expect(store.allEvents(r2)).toEqual([]);
    expect(watcher.status().watching).toBe(0);
  });

  it('stops watching a room nobody read or listed for WATCH_IDLE_MINUTES, and starts again when read', async () => {
    const { clock, store, rooms, watcher } = setup();
    rooms.set(r1, {});
    watcher.touch(r1);
    await clock.advance(30_000);
    watcher.touch(r1);
    await clock.advance(60_000);
    expect(kinds(store.allEvents(r1))).toEqual(['watch.started']);
    await clock.advance(2 * INTERVAL);
    expect(kinds(store.allEvents(r1))).toEqual(['watch.started', 'watch.stopped']);
    expect(store.allEvents(r1)[1]).toMatchObject({ reason: 'idle' });
    const reads = rooms.readsOf(r1);
    await clock.advance(10 * INTERVAL);
    expect(rooms.readsOf(r1)).toBe(reads);

    watcher.touch(r1);
    await clock.advance(INTERVAL);
    expect(kinds(store.allEvents(r1))).toEqual(['watch.started', 'watch.stopped', 'watch.started']);
  });

  it('past WATCH_MAX_ROOMS drops the longest-idle room with watch.stopped capacity and counts it', async () => {
    const { clock, store, rooms, watcher } = setup({ settings: { maxRooms: 2 } });
    for (const room of [r1, r2, r3]) rooms.set(room, {});
    watcher.touch(r1);
    await clock.advance(INTERVAL);
    watcher.touch(r2);
    await clock.advance(INTERVAL);
    watcher.touch(r1);
    await clock.advance(INTERVAL);
    watcher.touch(r3);
    await clock.advance(INTERVAL);
    expect(kinds(store.allEvents(r2))).toEqual(['watch.started', 'watch.stopped']);
    expect(store.allEvents(r2)[1]).toMatchObject({ reason: 'capacity' });
    expect(kinds(store.allEvents(r1))).toEqual(['watch.started']);
    expect(kinds(store.allEvents(r3))).toEqual(['watch.started']);
    expect(watcher.status()).toMatchObject({ watching: 2, maxRooms: 2, droppedForCapacity: 1 });
  });

  it('at WATCH_MAX_ROOMS a listing fills free places only: a room someone reads keeps its place', async () => {
    const { clock, store, rooms, watcher } = setup({ settings: { maxRooms: 2 } });
    for (const room of [r1, r2, r3]) rooms.set(room, {});
    watcher.touch(r1);
    await clock.advance(INTERVAL);
    rooms.listed = [{ ...r2, state: 'active' }, { ...r3, state: 'active' }];
    await watcher.start();
    // r2 took the free place; r3 found none, and r1 (read by someone) was not displaced for it.
    for (let i = 0; i < 2; i += 1) await clock.advance(settings.listEveryMs);
    expect(watcher.watches(r1)).toBe(true);
    expect(watcher.watches(r2)).toBe(true);
    expect(watcher.watches(r3)).toBe(false);
    expect(kinds(store.allEvents(r1))).toEqual(['watch.started']);

    // Someone opens r3 (r1 read 22 s ago): the room nobody looks at (r2, renewed by every listing) makes room, not r1.
    watcher.touch(r3);
    await clock.advance(INTERVAL);
    expect(watcher.watches(r3)).toBe(true);
    expect(watcher.watches(r1)).toBe(true);
    expect(kinds(store.allEvents(r2))).toEqual(['watch.started', 'watch.stopped']);
    expect(store.allEvents(r2)[1]).toMatchObject({ reason: 'capacity' });
  });

  it('at WATCH_MAX_ROOMS warns once a minute with the number of rooms dropped, not once per room', async () => {
    const warnings: { obj: object; msg: string }[] = [];
    const logger = { ...silentLogger, warn: (obj: object, msg: string) => warnings.push({ obj, msg }) };
    const { clock, rooms, watcher } = setup({ settings: { maxRooms: 2 }, logger });
    const many = Array.from({ length: 12 }, (_, i): RoomRef => ({ provider: 'proconf', callId: `busy-${i}` }));
    for (const room of many) rooms.set(room, {});
    for (const room of many) {
      watcher.touch(room);
      await clock.advance(1);
    }
    const capacityLines = () => warnings.filter((w) => w.msg.includes('WATCH_MAX_ROOMS'));
    expect(watcher.status()).toMatchObject({ watching: 2, droppedForCapacity: 10 });
    expect(capacityLines()).toHaveLength(1);
    await clock.advance(60_000);
    watcher.touch({ provider: 'proconf', callId: 'busy-0' });
    await clock.advance(1);
    expect(capacityLines()).toHaveLength(2);
    // The second line counts every room dropped since the first: the nine unlogged and this one.
    expect(capacityLines()[1]?.obj).toMatchObject({ dropped: 10, maxRooms: 2 });
  });

  it('resumes after a restart: the downtime is a not_watching gap, changes meanwhile appear, no seq repeats', async () => {
    const store = new MemoryHistoryStore();
    const clock = new ManualClock(T0);
    const first = setup({ store, clock });
    first.rooms.set(r1, { participants: [person('ann'), person('bob')] });
    first.watcher.touch(r1);
    await clock.advance(INTERVAL);
    first.rooms.set(r1, { transcription: 'on' });
    await clock.advance(INTERVAL);
    const lastSeen = store.allEvents(r1).at(-1)?.observedAt;
    await first.watcher.close();

    await clock.advance(60_000);
    const second = setup({ store, clock });
    second.rooms.set(r1, { transcription: 'on', recording: 'on', participants: [person('bob', true)] });
    await second.watcher.start();
    await clock.advance(INTERVAL);
    const events = store.allEvents(r1);
    expect(kinds(events)).toEqual([
      'watch.started',
      'participant.joined',
      'participant.joined',
      'transcription',
      'gap.started',
      'gap.ended',
      'recording',
      'participant.left',
      'participant.muted',
    ]);
    const firstNew = events[5]?.at;
    expect(events[4]).toMatchObject({ reason: 'not_watching', at: lastSeen });
    expect(events[5]).toMatchObject({ reason: 'not_watching' });
    expect(events[6]).toMatchObject({ at: firstNew, observedAt: firstNew });
    expect(Date.parse(firstNew ?? '') - Date.parse(lastSeen ?? '')).toBeGreaterThanOrEqual(60_000);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it('after a restart, does not take up again a room the last process had stopped as idle, unless it is listed', async () => {
    const store = new MemoryHistoryStore();
    const clock = new ManualClock(T0);
    const first = setup({ store, clock, settings: { idleMs: 10_000 } });
    for (const room of [r1, r2]) first.rooms.set(room, {});
    first.watcher.touch(r1);
    first.watcher.touch(r2);
    await clock.advance(8 * INTERVAL);
    expect(first.watcher.status().watching).toBe(0);
    await first.watcher.close();

    const second = setup({ store, clock });
    for (const room of [r1, r2]) second.rooms.set(room, {});
    second.rooms.listed = [r2];
    await second.watcher.start();
    await clock.advance(3 * INTERVAL);
    expect(second.rooms.readsOf(r1)).toBe(0);
    expect(kinds(store.allEvents(r1))).toEqual(['watch.started', 'watch.stopped']);
    expect(kinds(store.allEvents(r2))).toEqual(['watch.started', 'watch.stopped', 'watch.started']);
    expect(second.watcher.status().watching).toBe(1);
  });

  it('writes summary.updated when the catch-up text changes, reading it no more often than a latecomer page', async () => {
    let summary = { text: 'Agenda agreed.', updatedAt: '2026-11-23T10:00:00.500Z' };
    let summaryReads = 0;
    const { clock, store, rooms, watcher } = setup({
      getCatchUp: async () => {
        summaryReads += 1;
        return summary;
      },
    });
    rooms.set(r1, {});
    watcher.touch(r1);
    await clock.advance(INTERVAL);
    summary = { text: 'Agenda agreed. Budget approved.', updatedAt: '2026-11-23T10:00:03.000Z' };
    await clock.advance(settings.catchUpEveryMs);
    await clock.advance(settings.catchUpEveryMs);
    const updates = store.allEvents(r1).filter((e) => e.kind === 'summary.updated');
    expect(updates).toEqual([
      expect.objectContaining({ at: '2026-11-23T10:00:00.500Z', length: 14, revision: 1 }),
      expect.objectContaining({ at: '2026-11-23T10:00:03.000Z', length: 31, revision: 2 }),
    ]);
    expect(summaryReads).toBe(3);
  });

  it('never has more than one read in flight for a room, however slow the vendor', async () => {
    const { clock, store, rooms, watcher } = setup();
    rooms.set(r1, {});
    watcher.touch(r1);
    rooms.hold();
    await clock.advance(5 * INTERVAL);
    expect(rooms.readsOf(r1)).toBe(1);
    rooms.release();
    await clock.advance(INTERVAL);
    expect(rooms.readsOf(r1)).toBe(2);
    expect(kinds(store.allEvents(r1))).toEqual(['watch.started']);
  });

  it('spreads the rooms’ polls over the interval', async () => {
    const clock = new ManualClock(T0);
    const rooms = new FakeRooms(clock);
    const readAt = new Map<string, number>();
    const { watcher } = setup({
      clock,
      getSnapshot: async (room) => {
        readAt.set(room.callId, clock.now());
        return rooms.getSnapshot(room);
      },
    });
    const many = Array.from({ length: 50 }, (_, i): RoomRef => ({ provider: 'proconf', callId: `room-${i}` }));
    for (const room of many) {
      rooms.set(room, {});
      watcher.touch(room);
    }
    await clock.advance(INTERVAL);
    expect(readAt.size).toBe(50);
    // Ten 200 ms slots: fifty rooms added at once land in most of them, not all in one.
    const slots = new Set([...readAt.values()].map((t) => Math.floor((t - T0) / 200)));
    expect(slots.size).toBeGreaterThanOrEqual(8);
  });

  it('retries an observation the store could not write, so it is written once, later', async () => {
    const { clock, store, rooms, watcher } = setup();
    rooms.set(r1, {});
    watcher.touch(r1);
    await clock.advance(INTERVAL);
    store.failWrites = true;
    rooms.set(r1, { recording: 'on' });
    await clock.advance(2 * INTERVAL);
    expect(watcher.status().writeFailures).toBe(2);
    store.failWrites = false;
    await clock.advance(INTERVAL);
    expect(kinds(store.allEvents(r1))).toEqual(['watch.started', 'recording']);
  });

  it('holds one diff per room while the store fails, and logs the change that came and went meanwhile', async () => {
    const lines: { level: string; obj: object; msg: string }[] = [];
    const logger = {
      info: (obj: object, msg: string) => lines.push({ level: 'info', obj, msg }),
      warn: (obj: object, msg: string) => lines.push({ level: 'warn', obj, msg }),
      error: (obj: object, msg: string) => lines.push({ level: 'error', obj, msg }),
    };
    const { clock, store, rooms, watcher } = setup({ logger });
    rooms.set(r1, { participants: [person('alice')] });
    watcher.touch(r1);
    await clock.advance(INTERVAL);
    store.failWrites = true;
    rooms.set(r1, { recording: 'on', participants: [person('alice'), person('bob')] });
    await clock.advance(INTERVAL);
    expect(watcher.status().unwrittenRooms).toBe(1);
    // Bob leaves again before the store answers: his join is in no diff any more.
    rooms.set(r1, { participants: [person('alice')] });
    await clock.advance(3 * INTERVAL);
    expect(watcher.status().unwrittenRooms).toBe(1);
    store.failWrites = false;
    await clock.advance(INTERVAL);
    expect(watcher.status().unwrittenRooms).toBe(0);
    expect(kinds(store.allEvents(r1))).toEqual(['watch.started', 'participant.joined', 'recording']);
    const dropped = lines.find((l) => l.msg.includes('were dropped'));
    expect(dropped?.obj).toMatchObject({ room: 'proconf:room-1', events: 1, kinds: { 'participant.joined': 1 } });
    expect(JSON.stringify(lines)).not.toContain('bob');
  });

  it('keeps polling a room whose history the store could not read, and starts it once it can', async () => {
    const { clock, store, rooms, watcher } = setup();
    store.failReads = true;
    rooms.set(r1, {});
    watcher.touch(r1);
    await clock.advance(3 * INTERVAL);
    expect(store.allEvents(r1)).toEqual([]);
    store.failReads = false;
    await clock.advance(INTERVAL);
    expect(kinds(store.allEvents(r1))).toEqual(['watch.started']);
  });

  it('keeps polling a resumed room whose not_watching gap could not be written', async () => {
    const store = new MemoryHistoryStore();
    const first = setup({ store });
    first.rooms.set(r1, {});
    first.watcher.touch(r1);
    await first.clock.advance(INTERVAL);
    await first.watcher.close();
    store.failWrites = true;
    const second = setup({ store, clock: new ManualClock(T0 + 60_000) });
    second.rooms.set(r1, { recording: 'on' });
    await second.watcher.start();
    await second.clock.advance(3 * INTERVAL);
    store.failWrites = false;
    await second.clock.advance(2 * INTERVAL);
    expect(kinds(store.allEvents(r1))).toEqual(['watch.started', 'gap.started', 'gap.ended', 'recording']);
  });

  it('clears a held diff whose change was undone before the store answered', async () => {
    const { clock, store, rooms, watcher } = setup();
    rooms.set(r1, {});
    watcher.touch(r1);
    await clock.advance(INTERVAL);
    store.failWrites = true;
    rooms.set(r1, { recording: 'on' });
    await clock.advance(INTERVAL);
    rooms.set(r1, { recording: 'off' });
    store.failWrites = false;
    await clock.advance(INTERVAL);
    expect(watcher.status().unwrittenRooms).toBe(0);
    expect(kinds(store.allEvents(r1))).toEqual(['watch.started']);
  });

  it('stretches a rate-limited vendor’s interval to what its budget allows, and no further', async () => {
    const { clock, rooms, watcher } = setup({ budgetIntervalMs: budgetIntervals(new Map([['bandwidth', 1], ['proconf', null]])) });
    const conferences = ['c-1', 'c-2', 'c-3'].map((callId): RoomRef => ({ provider: 'bandwidth', callId }));
    for (const room of [...conferences, r1]) {
      rooms.set(room, {});
      watcher.touch(room);
    }
    await clock.advance(60_000);
    // 3 rooms × 2 requests within half of 1 request/s: one read per room every 12 s.
    const bandwidthReads = conferences.reduce((sum, room) => sum + rooms.readsOf(room), 0);
    expect(bandwidthReads * 2).toBeLessThanOrEqual(0.5 * 60 + 6);
    expect(bandwidthReads).toBeGreaterThanOrEqual(12);
    // ProCONF has no client-side limit: still every WATCH_INTERVAL_MS.
    expect(rooms.readsOf(r1)).toBeGreaterThanOrEqual(29);
  });

  it('reads nothing for a room whose lease another instance holds', async () => {
    let mine = false;
    const { clock, store, rooms, watcher } = setup({ lease: () => mine });
    rooms.set(r1, {});
    watcher.touch(r1);
    await clock.advance(3 * INTERVAL);
    expect(rooms.readsOf(r1)).toBe(0);
    mine = true;
    await clock.advance(INTERVAL);
    expect(kinds(store.allEvents(r1))).toEqual(['watch.started']);
  });

  it('close() stops every timer, lets the read in flight finish and reads nothing more', async () => {
    const { clock, rooms, watcher, store } = setup();
    rooms.set(r1, {});
    watcher.touch(r1);
    rooms.hold();
    await clock.advance(INTERVAL);
    let closed = false;
    const closing = watcher.close().then(() => (closed = true));
    await clock.advance(0);
    expect(closed).toBe(false);
    rooms.release();
    await closing;
    expect(clock.pending).toBe(0);
    expect(kinds(store.allEvents(r1))).toEqual(['watch.started']);
    await clock.advance(10 * INTERVAL);
    expect(rooms.readsOf(r1)).toBe(1);
  });
});
