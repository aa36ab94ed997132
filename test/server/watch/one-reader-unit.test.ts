import { afterEach, describe, expect, it } from 'vitest';
import type { RoomRef } from '../../../server/history/store';
import { budgetIntervals } from '../../../server/watch/budget';
import type { WatchSettings } from '../../../server/watch/config';
import { contentTag, createLatestBoard, snapshotContent } from '../../../server/watch/latest';
import { preferredWait } from '../../../server/watch/longPoll';
import { createRoomReader } from '../../../server/watch/reader';
import { createWatcher, type Watcher } from '../../../server/watch/watcher';
import { snapshotOf } from '../../support/injectApp';
import { FakeRooms } from '../../support/fakeRooms';
import { ManualClock } from '../../support/manualClock';
import { MemoryHistoryStore } from '../../support/memoryHistoryStore';

const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const settings: WatchSettings = { intervalMs: 2000, idleIntervalMs: 15_000, idleMs: 15 * 60_000, maxRooms: 500, listEveryMs: 600_000, catchUpEveryMs: 10_000, persistEveryMs: 30_000 };
const silent = { info() {}, warn() {}, error() {} };
const room: RoomRef = { provider: 'proconf', callId: 'looked-at' };
const other: RoomRef = { provider: 'proconf', callId: 'nobody' };

let watchers: Watcher[] = [];
afterEach(async () => {
  await Promise.all(watchers.map((w) => w.close()));
  watchers = [];
});

describe('Prefer: wait', () => {
  it('reads wait=<n> and clamps it to 1..30; anything else is no wait', () => {
    expect(preferredWait('wait=25')).toBe(25);
    expect(preferredWait('respond-async, wait=5')).toBe(5);
    expect(preferredWait('wait=0')).toBe(1);
    expect(preferredWait('wait=-3')).toBe(1);
    expect(preferredWait('wait=600')).toBe(30);
    expect(preferredWait('return=minimal')).toBeUndefined();
    expect(preferredWait('wait=soon')).toBeUndefined();
    expect(preferredWait(undefined)).toBeUndefined();
  });
});

describe('the board', () => {
  it('keeps the tag and wakes nobody for a new observation of the same content; a change wakes the waiters', async () => {
    const board = createLatestBoard();
    const first = snapshotOf(room, { observedAt: '2026-11-23T10:00:00.000Z' });
    board.putSnapshot(room, first);
    const version = board.version(room);
    const waiting = new AbortController();
    let woken = false;
    const wait = board.changed(room, version, 60_000, waiting.signal).then(() => (woken = true));
    board.putSnapshot(room, { ...first, observedAt: '2026-11-23T10:00:02.000Z', stale: true });
    await Promise.resolve();
    expect(woken).toBe(false);
    expect(board.version(room)).toBe(version);
    expect(contentTag(snapshotContent(board.get(room)?.snapshot ?? first))).toBe(contentTag(snapshotContent(first)));
    board.putSnapshot(room, { ...first, recording: 'on', observedAt: '2026-11-23T10:00:04.000Z' });
    await wait;
    expect(woken).toBe(true);
    expect(board.version(room)).toBe(version + 1);
  });

  it('marks the last snapshot stale when the vendor fails, and keeps an ended room’s last answer', () => {
    const board = createLatestBoard();
    board.putSnapshot(room, snapshotOf(room));
    board.putFailure(room);
    expect(board.get(room)?.snapshot?.stale).toBe(true);
    board.retire(room);
    expect(board.get(room)?.snapshot?.callId).toBe(room.callId);
    expect(board.version(room)).toBe(0);
  });
});

describe('the reader', () => {
  it('coalesces concurrent first reads into one vendor read, then answers from the board', async () => {
    const board = createLatestBoard();
    let reads = 0;
    const reader = createRoomReader({
      board,
      getSnapshot: async (ref) => {
        reads += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return snapshotOf(ref);
      },
      getCatchUp: async () => undefined,
      watches: () => true,
    });
    const answers = await Promise.all([reader.snapshot(room), reader.snapshot(room), reader.snapshot(room)]);
    expect(reads).toBe(1);
    expect(new Set(answers.map((a) => a.observedAt)).size).toBe(1);
    await reader.snapshot(room);
    expect(reads).toBe(1);
  });

  it('reads through the vendor every time a room the watcher does not read', async () => {
    const board = createLatestBoard();
    let reads = 0;
    const reader = createRoomReader({ board, getSnapshot: async (ref) => ((reads += 1), snapshotOf(ref)), getCatchUp: async () => undefined, watches: () => false });
    await reader.snapshot(room);
    await reader.snapshot(room);
    expect(reads).toBe(2);
  });
});

describe('the budget goes where people look', () => {
  function setup(rates?: Map<'proconf' | 'bandwidth', number | null>) {
    const clock = new ManualClock(T0);
    const rooms = new FakeRooms(clock);
    const board = createLatestBoard();
    const watcher = createWatcher({
      store: new MemoryHistoryStore(),
      settings,
      logger: silent,
      getSnapshot: rooms.getSnapshot,
      listRooms: rooms.listRooms,
      clock,
      board,
      ...(rates ? { budgetIntervalMs: budgetIntervals(rates) } : {}),
    });
    watchers.push(watcher);
    return { clock, rooms, watcher, board };
  }

  it('polls a room read in the last 30 s every WATCH_INTERVAL_MS, one nobody looks at every WATCH_IDLE_INTERVAL_MS', async () => {
    const { clock, rooms, watcher, board } = setup();
    rooms.set(room, {});
    rooms.set(other, {});
    rooms.listed = [room, other];
    await watcher.start();
    watcher.touch(room);
    await clock.advance(30_000);
    // 30 s: every 2 s while looked at (about 15 reads) against every 15 s (about 2).
    expect(rooms.readsOf(room)).toBeGreaterThanOrEqual(14);
    expect(rooms.readsOf(other)).toBeLessThanOrEqual(3);
    expect(board.get(room)?.snapshot?.callId).toBe(room.callId);
    // Nobody read it for 30 s: it slows down too.
    const before = rooms.readsOf(room);
    await clock.advance(60_000);
    expect(rooms.readsOf(room) - before).toBeLessThanOrEqual(6);
    // Someone looks again: the next read comes at the fast pace, not at the old slot.
    const slow = rooms.readsOf(other);
    watcher.touch(other);
    await clock.advance(2000);
    expect(rooms.readsOf(other)).toBe(slow + 1);
  });

  it('with a short budget, gives the looked-at room the share the others leave', async () => {
    const { clock, rooms, watcher } = setup(new Map([['bandwidth', 1]]));
    const bw = (id: string): RoomRef => ({ provider: 'bandwidth', callId: id });
    const all = ['a', 'b', 'c', 'd', 'e'].map(bw);
    for (const ref of all) rooms.set(ref, {});
    rooms.listed = all;
    await watcher.start();
    const looked = all[0] ?? bw('a');
    // 1 request/s, half for the watcher, 2 per snapshot: one snapshot per 4 s for the five rooms.
    // Someone keeps reading one: it takes up to 3/4 of that, the four others share the rest.
    for (let s = 0; s < 120; s += 10) {
      watcher.touch(looked);
      await clock.advance(10_000);
    }
    const readsOfLooked = rooms.readsOf(looked);
    const readsOfOthers = all.slice(1).map((ref) => rooms.readsOf(ref));
    expect(readsOfLooked).toBeGreaterThan(Math.max(...readsOfOthers) * 2);
    const total = readsOfLooked + readsOfOthers.reduce((a, b) => a + b, 0);
    // Within the budget: at most one snapshot per 4 s on average (plus the first reads).
    expect(total).toBeLessThanOrEqual(120 / 4 + all.length);
  });
});
