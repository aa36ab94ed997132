import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { CoordinationConnection } from '../../server/coordination/connection';
import { bucketKey, RATE_LIMIT_PREFIX } from '../../server/coordination/keys';
import { rateLimitStoreOptions } from '../../server/coordination/rateLimitStore';
import { createRateBucket } from '../../server/coordination/sharedBucket';
import { LocalRateBucket, type RateBucket } from '../../server/upstream/rateBucket';
import { startTestRedis } from '../../test/support/redisServer';
import { percentile, type Row } from './context';

const ROUNDS = 4000;
const quiet = { info: () => undefined, warn: () => undefined };

/** Interleaves the two candidates call by call, so both see the same machine at the same moment. */
async function sideBySide(a: () => Promise<unknown>, b: () => Promise<unknown>, rounds: number): Promise<[number[], number[]]> {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    await a();
    ta.push(performance.now() - t);
    t = performance.now();
    await b();
    tb.push(performance.now() - t);
  }
  return [ta.sort((x, y) => x - y), tb.sort((x, y) => x - y)];
}

const us = (ms: number) => `${Math.round(ms * 1000)} µs`;

function rows(what: string, local: number[], shared: number[]): Row[] {
  const p50l = percentile(local, 50);
  const p50s = percentile(shared, 50);
  return [
    {
      measure: `${what}: p50 in-process / Redis`,
      value: `${us(p50l)} / ${us(p50s)} (+${us(p50s - p50l)})`,
      target: 'informative',
      met: null,
    },
    {
      measure: `${what}: p99 in-process / Redis`,
      value: `${us(percentile(local, 99))} / ${us(percentile(shared, 99))}`,
      target: 'informative',
      met: null,
    },
  ];
}

async function limitedApp(options: ReturnType<typeof rateLimitStoreOptions>): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(fastifyRateLimit, { global: true, max: 1_000_000_000, timeWindow: 60_000, ...options });
  app.get('/poll', async () => ({ data: { ok: true }, error: null }));
  await app.ready();
  return app;
}

/**
 * What sharing through Redis adds per operation on loopback: a vendor-budget take, and a
 * request through @fastify/rate-limit (in-process store against the shared one). A private
 * redis-server, like the tests'.
 */
export async function coordination(): Promise<Row[]> {
  const redis = await startTestRedis();
  const connection = await CoordinationConnection.open(redis.url, quiet);
  const apps: FastifyInstance[] = [];
  try {
    if ((await connection.start(5000)) !== 'ok') throw new Error('bench redis did not answer');
    // A budget too large to ever refuse or wait: this measures the take itself.
    const local: RateBucket = new LocalRateBucket(1e9, 1e9);
    const shared = createRateBucket(connection, 'bench', 'account', 1e9, 1e9);
    await sideBySide(() => local.reserve(0), () => shared.reserve(0), 500); // warm-up
    const [bl, bs] = await sideBySide(() => local.reserve(0), () => shared.reserve(0), ROUNDS);
    // The shared side must really have gone to Redis, not to its fallback.
    const bucketUsed = (await connection.client.exists(bucketKey('bench', 'account'))) === 1;

    const localApp = await limitedApp({});
    const sharedApp = await limitedApp(rateLimitStoreOptions(connection));
    apps.push(localApp, sharedApp);
    const poll = (app: FastifyInstance) => () => app.inject({ url: '/poll' });
    await sideBySide(poll(localApp), poll(sharedApp), 500);
    const [rl, rs] = await sideBySide(poll(localApp), poll(sharedApp), ROUNDS);

    const counted = await connection.client.keys(`${RATE_LIMIT_PREFIX}*`);
    if (connection.status() !== 'ok' || !bucketUsed || counted.length === 0) {
      throw new Error('coordination bench: Redis was not used throughout');
    }

    return [...rows('vendor budget take', bl, bs), ...rows('rate-limited request (inject)', rl, rs)];
  } finally {
    await Promise.all(apps.map((a) => a.close()));
    await connection.close();
    await redis.dispose();
  }
}
