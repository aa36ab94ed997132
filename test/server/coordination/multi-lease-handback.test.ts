import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CoordinationConnection } from '../../../server/coordination/connection';
import { createWatcherLeases, leaseTtlMs } from '../../../server/coordination/leases';
import { readShared } from '../../../server/coordination/sharedRead';
import { createSharedWatch } from '../../../server/coordination/sharedWatch';
import { createRoomLease, type RoomLease } from '../../../server/coordination/watchLease';
import { startTestRedis, type TestRedis } from '../../support/redisServer';
import { connect } from '../../support/coordinationSupport';

/**
 * The lease keeper and the shared reads between two "instances" on a real redis-server: leases
 * live while their holder's polls are slow, go back when a room stops being watched or the
 * instance shuts down, and a vendor-wide resource is read once for both.
 */
let redis: TestRedis;
let probe: Redis;
let a: CoordinationConnection;
let b: CoordinationConnection;
const keepers: RoomLease[] = [];

const INTERVAL_MS = 100;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

beforeAll(async () => {
  redis = await startTestRedis();
  probe = new Redis(redis.url);
  [a, b] = await Promise.all([connect(redis.url), connect(redis.url)]);
}, 30_000);

afterAll(async () => {
  await Promise.allSettled(keepers.map((keeper) => keeper.releaseAll()));
  probe?.disconnect();
  await Promise.allSettled([a?.close(), b?.close()]);
  await redis?.dispose();
});

function keeper(connection: CoordinationConnection, id: string): RoomLease {
  const made = createRoomLease(createWatcherLeases(connection), id, INTERVAL_MS);
  keepers.push(made);
  return made;
}

describe('room leases handed back', () => {
  it('keeps a held room while its next poll is late (a read waiting on the budget), and loses it when the holder stops', async () => {
    const [holder, other] = [keeper(a, 'A'), keeper(b, 'B')];
    const room = { provider: 'bandwidth', callId: 'conf-slow-read' };
    expect(await holder.mayWatch(room)).toBe(true);
    // No poll from A for five lease lifetimes: its keeper renews on its own, B is refused throughout.
    const until = Date.now() + 5 * leaseTtlMs(INTERVAL_MS);
    while (Date.now() < until) {
      expect(await other.mayWatch(room)).toBe(false);
      await sleep(INTERVAL_MS);
    }
    expect(await holder.mayWatch(room)).toBe(true);
    await holder.releaseAll();
    expect(await other.mayWatch(room)).toBe(true);
  });

  it('hands a room back the moment it stops being watched: another instance takes it at its next poll', async () => {
    const [holder, other] = [keeper(a, 'A'), keeper(b, 'B')];
    const room = { provider: 'proconf', callId: 'ended-room' };
    expect(await holder.mayWatch(room)).toBe(true);
    expect(await other.mayWatch(room)).toBe(false);
    await holder.release(room);
    expect(await probe.get('roomwatch:lease:proconf:ended-room')).toBeNull();
    expect(await other.mayWatch(room)).toBe(true);
    // A release by an instance that no longer holds it changes nothing.
    await holder.release(room);
    expect(await probe.get('roomwatch:lease:proconf:ended-room')).toBe('B');
    // And the keeper no longer renews what it handed back.
    await other.release(room);
    await sleep(3 * INTERVAL_MS);
    expect(await probe.get('roomwatch:lease:proconf:ended-room')).toBeNull();
  });

  it('hands every room and listing lease back on shutdown', async () => {
    const holder = keeper(a, 'A');
    const rooms = ['r1', 'r2', 'r3'].map((callId) => ({ provider: 'tencent', callId }));
    for (const room of rooms) expect(await holder.mayWatch(room)).toBe(true);
    const listing = createSharedWatch(a, 'A', { listEveryMs: 1000 });
    await listing.listing('cometchat', () => Promise.resolve([]));
    expect(await probe.get('roomwatch:listlease:cometchat')).toBe('A');
    await holder.releaseAll();
    await listing.close();
    expect(await probe.keys('roomwatch:lease:tencent:*')).toEqual([]);
    expect(await probe.get('roomwatch:listlease:cometchat')).toBeNull();
  });
});

describe('a vendor-wide read shared by the instances', () => {
  const schema = z.array(z.object({ room: z.string() }));

  it('is read by one instance for both while fresh, and again once older than its age', async () => {
    let reads = 0;
    const read = async () => {
      reads += 1;
      await sleep(50);
      return [{ room: 'standup' }];
    };
    const both = await Promise.all([
      readShared(a, 'A', 'proconf:meetings-test', 500, schema, read),
      readShared(b, 'B', 'proconf:meetings-test', 500, schema, read),
    ]);
    expect(both).toEqual([[{ room: 'standup' }], [{ room: 'standup' }]]);
    expect(reads).toBe(1);
    expect(await readShared(b, 'B', 'proconf:meetings-test', 500, schema, read)).toEqual([{ room: 'standup' }]);
    expect(reads).toBe(1);
    await sleep(600);
    await readShared(b, 'B', 'proconf:meetings-test', 500, schema, read);
    expect(reads).toBe(2);
  });

  it('when the instance reading it fails, the one waiting for it reads for itself', async () => {
    let reads = 0;
    const failing = async () => {
      await sleep(200);
      throw new Error('vendor down');
    };
    const first = readShared(a, 'A', 'proconf:failing', 500, schema, failing).then(
      () => 'answered',
      () => 'failed',
    );
    while ((await probe.get('roomwatch:read:proconf:failing:reading')) === null) await sleep(5);
    const second = await readShared(b, 'B', 'proconf:failing', 500, schema, () => {
      reads += 1;
      return Promise.resolve([{ room: 'own' }]);
    });
    expect(await first).toBe('failed');
    expect(second).toEqual([{ room: 'own' }]);
    expect(reads).toBe(1);
  });

  it('never answers what Redis holds when it is not of the expected shape: reads for itself', async () => {
    await probe.set('roomwatch:read:proconf:tampered', JSON.stringify({ at: Date.now(), value: [{ nope: 1 }] }));
    expect(await readShared(a, 'A', 'proconf:tampered', 60_000, schema, () => Promise.resolve([{ room: 'own' }]))).toEqual([{ room: 'own' }]);
  });
});
