import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CoordinationConnection } from '../../../server/coordination/connection';
import { RedisCacheInvalidation } from '../../../server/coordination/invalidation';
import { ResilientSignInCodes } from '../../../server/coordination/signInCodes';
import { startTestRedis, type TestRedis } from '../../support/redisServer';
import { instance, up } from '../../support/coordinationSupport';

let redis: TestRedis;
const connections: CoordinationConnection[] = [];
const codes: ResilientSignInCodes[] = [];
const invalidations: RedisCacheInvalidation[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
  for (const id of ['A', 'B', 'C']) {
    const connection = instance(redis.url);
    connections.push(connection);
    codes.push(new ResilientSignInCodes(connection));
    invalidations.push(new RedisCacheInvalidation(connection, id));
    await up(connection);
  }
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()));
  await redis?.dispose();
});

describe('one-time sign-in codes across instances', () => {
  it('lets a code in exactly once, whichever instances race to redeem it', async () => {
    const [onA] = codes;
    await onA?.put('code-raced', 60_000);
    const attempts = Array.from({ length: 30 }, (_, i) => codes[i % codes.length]?.consume('code-raced'));
    const results = await Promise.all(attempts);
    expect(results.filter((ok) => ok === true)).toHaveLength(1);
    expect(await codes[1]?.consume('code-raced')).toBe(false);
  });

  it('refuses an unknown code and an expired one', async () => {
    const [onA, onB] = codes;
    expect(await onB?.consume('never-issued')).toBe(false);
    await onA?.put('code-short', 100);
    await sleep(250);
    expect(await onB?.consume('code-short')).toBe(false);
  });

  it('keeps only a digest of the code in Redis', async () => {
    await codes[0]?.put('code-plain-text-visible', 60_000);
    const keys = await connections[0]?.client.keys('roomwatch:signin:*');
    expect(keys?.length).toBeGreaterThan(0);
    expect(keys?.join()).not.toContain('visible');
    expect(await codes[2]?.consume('code-plain-text-visible')).toBe(true);
  });
});

describe('cache invalidation across instances', () => {
  it('tells every instance once, the publisher at once', async () => {
    const heard = invalidations.map(() => [] as string[]);
    invalidations.forEach((inv, i) => inv.subscribe((room) => heard[i]?.push(room)));
    await invalidations[0]?.publish('bandwidth:c-1');
    expect(heard[0]).toEqual(['bandwidth:c-1']);
    await vi.waitFor(() => expect(heard.slice(1)).toEqual([['bandwidth:c-1'], ['bandwidth:c-1']]));
    // Nothing more arrives later (the publisher does not hear its own message a second time).
    await sleep(100);
    expect(heard).toEqual([['bandwidth:c-1'], ['bandwidth:c-1'], ['bandwidth:c-1']]);
  });
});
