import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoordinationConnection } from '../../../server/coordination/connection';
import { CHANNELS } from '../../../server/coordination/keys';
import { createSharedWatch } from '../../../server/coordination/sharedWatch';
import type { SharedNotice, SharedWatch } from '../../../server/watch/shared';
import type { CallSnapshot } from '../../../src/contract/snapshot';
import { startTestRedis, type TestRedis } from '../../support/redisServer';
import { instance, up } from '../../support/coordinationSupport';

/** The Redis side of one reader per room, between two "instances" on a real redis-server. */
let redis: TestRedis;
let probe: Redis;
const opened: CoordinationConnection[] = [];

async function pair(): Promise<[SharedWatch, SharedWatch]> {
  const a = instance(redis.url);
  const b = instance(redis.url);
  opened.push(a, b);
  const shared: [SharedWatch, SharedWatch] = [createSharedWatch(a, 'instance-a', { listEveryMs: 1000 }), createSharedWatch(b, 'instance-b', { listEveryMs: 1000 })];
  await Promise.all([up(a), up(b)]);
  return shared;
}

const room = { provider: 'proconf', callId: 'standup' };
const snapshot = (observedAt: string): CallSnapshot => ({
  provider: 'proconf',
  callId: 'standup',
  state: 'active',
  media: null,
  startedAt: null,
  endedAt: null,
  activeParticipants: null,
  participants: null,
  recording: 'on',
  transcription: 'off',
  observedAt,
  stale: false,
});

beforeAll(async () => {
  redis = await startTestRedis();
  probe = new Redis(redis.url);
}, 30_000);

afterAll(async () => {
  probe?.disconnect();
  await Promise.allSettled(opened.map((connection) => connection.close()));
  await redis?.dispose();
});

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((done) => setTimeout(done, 20));
  }
}

describe('shared watch over Redis', () => {
  it('a holder’s observation reaches the other instance as a notice and stays for one that asks later', async () => {
    const [a, b] = await pair();
    const heard: SharedNotice[] = [];
    const heardByA: SharedNotice[] = [];
    b.onNotice((notice) => heard.push(notice));
    a.onNotice((notice) => heardByA.push(notice));
    const seen = snapshot(new Date().toISOString());
    a.publish(room, { snapshot: seen, catchUp: undefined });
    await until(() => heard.length > 0);
    expect(heard[0]).toEqual({ room, kind: 'latest', latest: { snapshot: seen, catchUp: undefined } });
    expect(await b.fetch(room)).toEqual({ snapshot: seen, catchUp: undefined });
    a.publishEvents(room);
    await until(() => heard.length > 1);
    expect(heard[1]).toEqual({ room, kind: 'events' });
    // The publisher does not hear itself.
    expect(heardByA).toEqual([]);
  });

  it('ignores a notice that is not of the expected shape (Redis is shared)', async () => {
    const [, b] = await pair();
    const heard: SharedNotice[] = [];
    b.onNotice((notice) => heard.push(notice));
    await probe.publish(CHANNELS.rooms, 'not json');
    await probe.publish(CHANNELS.rooms, JSON.stringify({ from: 'x', room: 'proconf:standup', kind: 'latest', latest: { snapshot: { state: 'exploded' } } }));
    await probe.publish(CHANNELS.rooms, JSON.stringify({ from: 'x', room: 'no-separator', kind: 'events' }));
    await probe.publish(CHANNELS.rooms, JSON.stringify({ from: 'x', room: 'proconf:standup', kind: 'events' }));
    await until(() => heard.length > 0);
    expect(heard).toEqual([{ room, kind: 'events' }]);
  });

  it('reads a vendor listing on one instance; the other lists what it stored, with its time', async () => {
    const [a, b] = await pair();
    let reads = 0;
    const read = () => {
      reads += 1;
      return Promise.resolve([{ provider: 'proconf', callId: 'standup', state: 'active' as const, startedAt: null }]);
    };
    const first = await a.listing('proconf', read);
    const second = await b.listing('proconf', read);
    expect(reads).toBe(1);
    expect(second).toEqual(first);
    // The holder's failure is the other's failure too, as an upstream error.
    await expect(a.listing('proconf', () => Promise.reject(new Error('vendor down')))).rejects.toThrow('vendor down');
    await expect(b.listing('proconf', read)).rejects.toMatchObject({ name: 'UpstreamError' });
    expect(reads).toBe(1);
  });

  it('shares "read in the last 30 s" and who holds a room', async () => {
    const [a, b] = await pair();
    const other = { provider: 'tencent', callId: '1234' };
    expect(await a.lookedAt(other)).toBeUndefined();
    const before = Date.now();
    b.markLookedAt(other);
    let at: number | undefined;
    const deadline = Date.now() + 2000;
    while (at === undefined && Date.now() < deadline) at = await a.lookedAt(other);
    expect(at).toBeGreaterThanOrEqual(before - 50);
    await probe.set('roomwatch:lease:tencent:1234', 'instance-b', 'PX', 3000);
    expect(await a.heldElsewhere(other)).toBe(true);
    expect(await b.heldElsewhere(other)).toBe(false);
  });
});
