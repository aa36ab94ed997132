import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoordinationConnection } from '../../../server/coordination/connection';
import { createWatcherLeases, leaseTtlMs, type WatcherLeases } from '../../../server/coordination/leases';
import { startTestRedis, type TestRedis } from '../../support/redisServer';
import { connect } from '../../support/coordinationSupport';

let redis: TestRedis;
let connections: CoordinationConnection[] = [];
let a: WatcherLeases;
let b: WatcherLeases;

beforeAll(async () => {
  redis = await startTestRedis();
  connections = [await connect(redis.url), await connect(redis.url)];
  [a, b] = connections.map((c) => createWatcherLeases(c)) as [WatcherLeases, WatcherLeases];
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()));
  await redis?.dispose();
});

const INTERVAL_MS = 100;
const TTL_MS = leaseTtlMs(INTERVAL_MS);

describe('one watcher per room across instances', () => {
  it('gives a room to one instance; the other gets it only after the holder stops renewing', async () => {
    const room = 'bandwidth:c-takeover';
    expect(await a.acquire(room, 'A', TTL_MS)).toBe(true);
    expect(await b.acquire(room, 'B', TTL_MS)).toBe(false);

    // A renews every interval for longer than one ttl: B keeps being refused.
    for (let i = 0; i < 5; i++) {
      await sleep(INTERVAL_MS);
      expect(await a.renew(room, 'A', TTL_MS)).toBe(true);
      expect(await b.acquire(room, 'B', TTL_MS)).toBe(false);
    }

    // A dies (stops renewing). B, trying every interval, has the room within three intervals.
    let tries = 0;
    let acquired = false;
    while (!acquired && tries < 10) {
      await sleep(INTERVAL_MS);
      tries += 1;
      acquired = await b.acquire(room, 'B', TTL_MS);
    }
    expect(acquired).toBe(true);
    expect(tries).toBeLessThanOrEqual(4);
    // A coming back finds it has lost the room and must stand down.
    expect(await a.renew(room, 'A', TTL_MS)).toBe(false);
  });

  it('hands a released room over at once, and ignores a release by a non-holder', async () => {
    const room = 'proconf:standup';
    expect(await a.acquire(room, 'A', TTL_MS)).toBe(true);
    await b.release(room, 'B');
    expect(await b.acquire(room, 'B', TTL_MS)).toBe(false);
    await a.release(room, 'A');
    expect(await b.acquire(room, 'B', TTL_MS)).toBe(true);
  });

  it('lets the holder keep a lease that vanished (e.g. Redis restarted empty) instead of dropping the room', async () => {
    const room = 'tencent:42';
    expect(await a.acquire(room, 'A', TTL_MS)).toBe(true);
    await connections[0]?.client.del(`roomwatch:lease:${room}`);
    expect(await a.renew(room, 'A', TTL_MS)).toBe(true);
    expect(await b.acquire(room, 'B', TTL_MS)).toBe(false);
  });
});
