import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeSchema } from '../../../src/contract/envelope';
import { readinessSchema, type Readiness } from '../../../src/contract/dashboard';
import { startTestRedis, type TestRedis } from '../../support/redisServer';
import { startTestServer, type TestServer } from '../../support/support';

/** A real redis-server stopped and started under two running instances. */
const USER_LIMIT = 20;

let redis: TestRedis;
let servers: TestServer[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
  const env = { REDIS_URL: redis.url, RATE_LIMIT_USER_PER_MIN: String(USER_LIMIT) };
  servers = await Promise.all([startTestServer(env), startTestServer(env)]);
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(servers.map((server) => server.close()));
  await redis?.dispose();
}, 30_000);

async function readiness(server: TestServer): Promise<Readiness> {
  return envelopeSchema(readinessSchema).parse(await (await server.get('/readyz')).json()).data;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Reads a dashboard makes (one through a vendor's budget and cache); every status it got. */
async function poll(server: TestServer, token: string): Promise<number[]> {
  const call = server.simulator?.unlistedDemoCalls().find((c) => c.provider === 'tencent');
  if (!call) throw new Error('no simulated Tencent call');
  const paths = [`/api/calls/tencent/${call.callId}`, '/api/providers', '/api/me'];
  return Promise.all(paths.map(async (path) => {
    const res = await server.get(path, token);
    await res.arrayBuffer();
    return res.status;
  }));
}

describe('Redis going away and coming back at run time', () => {
  it('keeps serving, reports degraded, limits per instance meanwhile, and recovers by itself', async () => {
    for (const server of servers) expect(await readiness(server)).toMatchObject({ status: 'ready', redis: 'ok' });
    const viewer = await servers[0]?.token({ sub: 'viewer' });
    if (!viewer) throw new Error('no token');

    await redis.stop();
    const statuses: number[] = [];
    for (const server of servers) {
      await until('readyz degraded', async () => {
        statuses.push(...(await poll(server, viewer)));
        const ready = await readiness(server);
        return ready.redis === 'degraded' && ready.status === 'degraded';
      }, 10_000);
    }
    // Still answering while Redis is away: nothing failed because of it.
    for (const server of servers) statuses.push(...(await poll(server, viewer)));
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.filter((status) => status === 200).length).toBe(statuses.length);

    // The limit still holds, per instance: not dropped altogether.
    const busy = await servers[0]?.token({ sub: 'busy-while-redis-is-down' });
    const [first, second] = servers;
    if (!busy || !first || !second) throw new Error('setup');
    const onFirst: number[] = [];
    for (let i = 0; i < USER_LIMIT + 5; i++) onFirst.push((await first.get('/api/me', busy)).status);
    expect(onFirst.filter((s) => s === 200)).toHaveLength(USER_LIMIT);
    expect(onFirst.filter((s) => s === 429)).toHaveLength(5);
    expect((await second.get('/api/me', busy)).status).toBe(200);

    await redis.start();
    for (const server of servers) {
      await until('readyz ok again', async () => (await readiness(server)).redis === 'ok', 10_000);
      expect((await readiness(server)).status).toBe('ready');
      expect(await poll(server, viewer)).toEqual([200, 200, 200]);
    }
    // Shared again: one limit across both (a fresh user, the restarted Redis is empty).
    const shared = await servers[0]?.token({ sub: 'busy-after-recovery' });
    if (!shared) throw new Error('no token');
    const across: number[] = [];
    for (let i = 0; i < USER_LIMIT + 4; i++) across.push((await (i % 2 ? second : first).get('/api/me', shared)).status);
    expect(across.filter((s) => s === 200)).toHaveLength(USER_LIMIT);

    // One warning going down and one line coming back, never the URL's credentials.
    for (const server of servers) {
      const logs = server.logs();
      expect(logs.match(/redis unavailable/g)?.length).toBe(1);
      expect(logs).toContain('redis available');
    }
  }, 60_000);
});
