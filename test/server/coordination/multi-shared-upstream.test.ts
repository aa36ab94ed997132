import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoordination, type Coordination } from '../../../server/coordination/coordination';
import { sharedUpstream } from '../../../server/coordination/sharedUpstream';
import { createLogger } from '../../../server/logger';
import { ReadCache } from '../../../server/upstream/cache';
import { BASE_POLICY, type UpstreamPolicy } from '../../../server/upstream/policy';
import { LocalRefusal, UpstreamResilience } from '../../../server/upstream/resilience';
import { startTestRedis, type TestRedis } from '../../support/redisServer';

/**
 * Two instances' upstream layers (two coordination layers on one private Redis, in this
 * process): what one instance's policy.shared changes for the other.
 */
let redis: TestRedis;
let a: Coordination;
let b: Coordination;
const quiet = { info: () => undefined, warn: () => undefined };

beforeAll(async () => {
  redis = await startTestRedis();
  const config = { redisUrl: redis.url, commandTimeoutMs: 200 };
  [a, b] = await Promise.all([startCoordination(config, quiet), startCoordination(config, quiet)]);
}, 30_000);

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await redis?.dispose();
});

const policyOf = (coordination: Coordination, extra: Partial<UpstreamPolicy> = {}): UpstreamPolicy => ({
  ...BASE_POLICY,
  ...extra,
  shared: sharedUpstream(coordination, 'proconf'),
});

async function eventually(check: () => Promise<boolean>, timeoutMs = 1000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((done) => setTimeout(done, 10));
  }
  return true;
}

describe('the upstream layer with several instances', () => {
  it('a change seen on one instance drops that room’s cached answer on the others, not its own', async () => {
    const loads = { a: 0, b: 0 };
    const cacheA = new ReadCache<string>({ ttlMs: 60_000, policy: policyOf(a) });
    const cacheB = new ReadCache<string>({ ttlMs: 60_000, policy: policyOf(b) });
    const readA = async () => (await cacheA.read('room-1', async () => `a${++loads.a}`)).value;
    const readB = async () => (await cacheB.read('room-1', async () => `b${++loads.b}`)).value;
    expect([await readA(), await readB()]).toEqual(['a1', 'b1']);
    expect([await readA(), await readB()]).toEqual(['a1', 'b1']);

    // Another vendor's room of the same id, then this room: only the latter counts.
    await a.invalidation.publish('tencent:room-1', { othersOnly: true });
    await a.invalidation.publish('proconf:room-1', { othersOnly: true });
    expect(await eventually(async () => (await readB()) === 'b2')).toBe(true);
    expect(loads.b).toBe(2);
    // The publisher's own cache holds the fresh answer that showed the change.
    expect(await readA()).toBe('a1');
  });

  it('two instances draw on one vendor budget for the same account, separate ones for different accounts', async () => {
    const logger = createLogger('silent');
    const policy = { ratePerSecond: 5, rateBurst: 1, rateWaitMs: 0 };
    const onA = new UpstreamResilience('proconf', policyOf(a, policy), logger, 'https://vendor.example|acct-1');
    const onB = new UpstreamResilience('proconf', policyOf(b, policy), logger, 'https://vendor.example|acct-1');
    const otherAccount = new UpstreamResilience('proconf', policyOf(b, policy), logger, 'https://vendor.example|acct-2');
    const sent = { shared: 0, other: 0 };
    const attempt = async (resilience: UpstreamResilience, key: 'shared' | 'other') => {
      try {
        await resilience.run(async () => {
          sent[key] += 1;
        });
      } catch (err) {
        if (!(err instanceof LocalRefusal)) throw err;
      }
    };
    const started = Date.now();
    while (Date.now() - started < 1000) {
      await Promise.all([attempt(onA, 'shared'), attempt(onB, 'shared'), attempt(otherAccount, 'other')]);
      await new Promise((done) => setTimeout(done, 5));
    }
    const seconds = (Date.now() - started) / 1000;
    // 5 a second plus the one token of burst, across both instances together.
    expect(sent.shared).toBeLessThanOrEqual(Math.ceil(seconds * 5) + 1);
    expect(sent.shared).toBeGreaterThanOrEqual(Math.floor(seconds * 5) - 1);
    // The other account spends its own budget, untouched by the first.
    expect(sent.other).toBeGreaterThanOrEqual(Math.floor(seconds * 5) - 1);
  });
});
