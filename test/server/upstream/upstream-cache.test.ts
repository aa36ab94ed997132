import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { UpstreamError, type UpstreamFailureKind } from '../../../server/errors';
import { ReadCache } from '../../../server/upstream/cache';
import { UpstreamResilience, LocalRefusal } from '../../../server/upstream/resilience';
import { BASE_POLICY, resolvePolicy, type PolicyOverride } from '../../../server/upstream/policy';

const fail = (kind: UpstreamFailureKind, retryAfterMs?: number) => () =>
  Promise.reject(new UpstreamError('proconf', kind, 'test', retryAfterMs === undefined ? {} : { retryAfterMs }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A vendor's policy with these global knobs, as the composition root would resolve it. */
const policyWith = (global: PolicyOverride, vendorEnv: PolicyOverride = {}) =>
  resolvePolicy({ global, vendorDefaults: {}, vendorEnv, override: {} });

describe('ReadCache', () => {
  it('shares one load among concurrent reads of a key, and keeps keys apart', async () => {
    const cache = new ReadCache<string>({ ttlMs: 1000 });
    let loads = 0;
    const load = async () => {
      loads += 1;
      await sleep(10);
      return `v${loads}`;
    };
    const reads = await Promise.all([cache.read('a', load), cache.read('a', load), cache.read('b', load)]);
    expect(loads).toBe(2);
    expect(reads[0]?.value).toBe(reads[1]?.value);
  });

  it('serves the last good value stale, with its original time, for "vendor failing" kinds only', async () => {
    const cache = new ReadCache<string>({ ttlMs: 1, policy: BASE_POLICY });
    const good = await cache.read('room', async () => 'good');
    for (const kind of ['unavailable', 'timeout', 'bad_answer', 'rate_limited', 'auth'] as const) {
      await sleep(3);
      const stale = await cache.read('room', fail(kind));
      expect(stale).toEqual({ value: 'good', observedAt: good.observedAt, stale: true });
    }
    await sleep(3);
    await expect(cache.read('room', fail('not_found'))).rejects.toMatchObject({ kind: 'not_found' });
    // The not_found dropped the value: the next failure has nothing to fall back on.
    await sleep(3);
    await expect(cache.read('room', fail('unavailable'))).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('stops serving stale once the value is older than the window', async () => {
    const cache = new ReadCache<string>({ ttlMs: 1, policy: policyWith({ staleIfErrorMs: 30 }) });
    await cache.read('room', async () => 'good');
    await sleep(5);
    expect((await cache.read('room', fail('unavailable'))).stale).toBe(true);
    await sleep(40);
    await expect(cache.read('room', fail('unavailable'))).rejects.toBeInstanceOf(UpstreamError);
  });

  it('is bounded by its entry count', async () => {
    const cache = new ReadCache<number>({ ttlMs: 10_000, max: 100 });
    for (let i = 0; i < 1000; i += 1) await cache.read(`room-${i}`, async () => i);
    expect(cache.size).toBe(100);
  });
});

describe('UpstreamResilience', () => {
  const logger = pino({ level: 'silent' });
  const resilienceWith = (overrides: PolicyOverride) => new UpstreamResilience('proconf', policyWith(overrides), logger);

  it('opens on consecutive vendor failures only; caller mistakes and 429s do not count', async () => {
    const resilience = resilienceWith({ breakerFailures: 2, breakerCooldownMs: 60_000 });
    for (let i = 0; i < 5; i += 1) await expect(resilience.run(fail('not_found'))).rejects.toThrow();
    await expect(resilience.run(fail('bad_request'))).rejects.toThrow();
    expect(resilience.breakerState()).toBe('closed');
    await expect(resilience.run(fail('timeout'))).rejects.toThrow();
    await expect(resilience.run(fail('bad_answer'))).rejects.toThrow();
    expect(resilience.breakerState()).toBe('open');
    let called = false;
    await expect(
      resilience.run(async () => {
        called = true;
      }),
    ).rejects.toBeInstanceOf(LocalRefusal);
    expect(called).toBe(false);
  });

  it('pauses after a 429 for as long as the vendor asked', async () => {
    const resilience = resilienceWith({});
    await expect(resilience.run(fail('rate_limited', 50))).rejects.toMatchObject({ kind: 'rate_limited' });
    await expect(resilience.run(async () => 'x')).rejects.toMatchObject({ kind: 'rate_limited' });
    await sleep(60);
    await expect(resilience.run(async () => 'x')).resolves.toBe('x');
  });

  it('refuses beyond in-flight plus queue with unavailable', async () => {
    const resilience = resilienceWith({ maxInFlight: 1, queueSize: 1 });
    const slow = () => sleep(30).then(() => 'ok');
    const results = await Promise.allSettled([resilience.run(slow), resilience.run(slow), resilience.run(slow)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
  });

  it('keeps to the client-side rate', async () => {
    const resilience = new UpstreamResilience('bandwidth', policyWith({}, { ratePerSecond: 1, rateWaitMs: 0 }), logger);
    await expect(resilience.run(async () => 1)).resolves.toBe(1);
    await expect(resilience.run(async () => 2)).rejects.toMatchObject({ kind: 'rate_limited' });
  });
});

describe('ReadCache size bound', () => {
  it('drops the least recently used values once their size passes the byte bound', async () => {
    const cache = new ReadCache<string>({ ttlMs: 10_000, policy: policyWith({ cacheMaxBytes: 64 * 1024 }) });
    const summary = 'x'.repeat(10_000); // about 20 kB each
    for (let i = 0; i < 10; i += 1) await cache.read(`room-${i}`, async () => summary);
    expect(cache.size).toBeLessThanOrEqual(3);
  });
});
