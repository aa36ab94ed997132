import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CoordinationConnection } from '../../../server/coordination/connection';
import { rateLimitStoreOptions } from '../../../server/coordination/rateLimitStore';
import { startTestRedis, type TestRedis } from '../../support/redisServer';
import { connect } from '../../support/coordinationSupport';

const LIMIT = 5;
let redis: TestRedis;
const connections: CoordinationConnection[] = [];
const apps: FastifyInstance[] = [];

/** A small app limited like roomwatch's: per key, one window, the store from the coordination layer. */
async function limitedApp(connection: CoordinationConnection): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(fastifyRateLimit, {
    global: true,
    max: LIMIT,
    timeWindow: 60_000,
    keyGenerator: (request) => String(request.headers['x-user'] ?? request.ip),
    ...rateLimitStoreOptions(connection),
  });
  app.get('/ping', async () => ({ ok: true }));
  await app.ready();
  return app;
}

beforeAll(async () => {
  redis = await startTestRedis();
  for (let i = 0; i < 2; i++) {
    const connection = await connect(redis.url);
    connections.push(connection);
    apps.push(await limitedApp(connection));
  }
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await Promise.all(connections.map((c) => c.close()));
  await redis?.dispose();
});

const hit = (app: FastifyInstance | undefined, user: string) =>
  app?.inject({ url: '/ping', headers: { 'x-user': user } }).then((r) => r.statusCode);

describe('@fastify/rate-limit on the shared store', () => {
  it('is one limit across two instances: requests alternate, the sixth is refused wherever it lands', async () => {
    const statuses: Array<number | undefined> = [];
    for (let i = 0; i < LIMIT + 3; i++) statuses.push(await hit(apps[i % 2], 'alice'));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    // Another user has a limit of their own.
    expect(await hit(apps[1], 'bob')).toBe(200);
    // Counted in Redis under a digest: no user name or address in its keys.
    const keys = await connections[0]?.client.keys('roomwatch:ratelimit:*');
    expect(keys?.length).toBeGreaterThan(0);
    expect(keys?.join()).not.toMatch(/alice|bob/);
  });

  it('keeps limiting per instance (rather than not at all) while Redis is down; shares again once it is back', async () => {
    await redis.stop();
    await vi.waitFor(() => expect(connections.map((c) => c.status())).toEqual(['degraded', 'degraded']), { timeout: 3000 });
    const onA: Array<number | undefined> = [];
    for (let i = 0; i < LIMIT + 1; i++) onA.push(await hit(apps[0], 'carol'));
    expect(onA).toEqual([200, 200, 200, 200, 200, 429]);
    // B counts for itself meanwhile.
    expect(await hit(apps[1], 'carol')).toBe(200);

    await redis.start();
    await vi.waitFor(() => expect(connections.map((c) => c.status())).toEqual(['ok', 'ok']), { timeout: 5000 });
    const shared: Array<number | undefined> = [];
    for (let i = 0; i < LIMIT + 1; i++) shared.push(await hit(apps[i % 2], 'dave'));
    expect(shared).toEqual([200, 200, 200, 200, 200, 429]);
  });
});
