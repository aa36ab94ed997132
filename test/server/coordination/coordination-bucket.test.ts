import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoordinationConnection } from '../../../server/coordination/connection';
import { RedisRateBucket, createRateBucket } from '../../../server/coordination/sharedBucket';
import { LocalRateBucket, type RateBucket } from '../../../server/upstream/rateBucket';
import { startTestRedis, type TestRedis } from '../../support/redisServer';
import { connect } from '../../support/coordinationSupport';

let redis: TestRedis;
const connections: CoordinationConnection[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
  for (let i = 0; i < 2; i++) connections.push(await connect(redis.url));
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()));
  await redis?.dispose();
});

/** Each "instance" takes tokens as fast as it is given them, without waiting in line, for `ms`. */
async function drain(buckets: RateBucket[], ms: number): Promise<{ granted: number[]; elapsedMs: number }> {
  const started = performance.now();
  const granted = buckets.map(() => 0);
  await Promise.all(
    buckets.map(async (bucket, i) => {
      while (performance.now() - started < ms) {
        if ((await bucket.reserve(0)) === 0) granted[i] = (granted[i] ?? 0) + 1;
        else await sleep(5);
      }
    }),
  );
  return { granted, elapsedMs: performance.now() - started };
}

describe('a vendor budget shared by every instance', () => {
  it('holds the rate across two instances drawing on one account at once', async () => {
    const rate = 5;
    const burst = 2;
    const account = 'https://bandwidth.example/v1|user-1';
    const buckets = connections.map((c) => new RedisRateBucket(c.client, 'bandwidth', account, rate, burst));
    const { granted, elapsedMs } = await drain(buckets, 3000);
    const total = granted.reduce((a, b) => a + b, 0);
    // One budget: at most rate × time + burst in total, however the two split it.
    expect(total).toBeLessThanOrEqual(Math.floor((rate * elapsedMs) / 1000) + burst);
    // And the budget is really spent, by both.
    expect(total).toBeGreaterThanOrEqual(Math.floor((rate * 3000) / 1000) - 1);
    expect(granted.every((n) => n > 0)).toBe(true);
  });

  it('is what two in-process buckets are not: each of those spends the whole budget', async () => {
    const { granted } = await drain([new LocalRateBucket(5, 2), new LocalRateBucket(5, 2)], 1000);
    // Each alone takes its burst plus about a second's worth: together more than one budget allows.
    expect(granted.reduce((a, b) => a + b, 0)).toBeGreaterThan(5 * 1 + 2);
  });

  it('keeps separate accounts apart', async () => {
    const [a, b] = connections;
    if (!a || !b) throw new Error('no connections');
    const first = new RedisRateBucket(a.client, 'bandwidth', 'account-a', 1, 1);
    const second = new RedisRateBucket(b.client, 'bandwidth', 'account-b', 1, 1);
    expect(await first.reserve(0)).toBe(0);
    expect(await first.reserve(0)).toBeNull();
    expect(await second.reserve(0)).toBe(0);
  });

  it('queues a waiting caller behind the others and tells a refused one how long until it could send', async () => {
    const [a, b] = connections;
    if (!a || !b) throw new Error('no connections');
    const onA = createRateBucket(a, 'bandwidth', 'account-queue', 1, 1);
    const onB = createRateBucket(b, 'bandwidth', 'account-queue', 1, 1);
    expect(await onA.reserve(5000)).toBe(0);
    // B's token is reserved ahead: about a second's wait, not a refusal.
    const wait = await onB.reserve(5000);
    expect(wait).toBeGreaterThan(800);
    expect(wait).toBeLessThanOrEqual(1000);
    // A's next caller queues behind B's reservation, so it would wait about two seconds.
    expect(await onA.reserve(1500)).toBeNull();
    // Free only after B's reserved token has been earned too, as with the in-process bucket.
    const free = await onA.msUntilFree();
    expect(free).toBeGreaterThan(1800);
    expect(free).toBeLessThanOrEqual(2000);
  });

  it('keeps nothing about an account in Redis but a digest', async () => {
    const [a] = connections;
    if (!a) throw new Error('no connection');
    await new RedisRateBucket(a.client, 'bandwidth', 'user-secretive-42', 1, 1).reserve(0);
    const keys = await a.client.keys('roomwatch:bucket:*');
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join()).not.toContain('secretive');
  });
});
