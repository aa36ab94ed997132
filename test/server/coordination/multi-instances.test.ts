import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyPageSchema } from '../../../src/contract/history';
import { roomListSchema, shareLinkSchema } from '../../../src/contract/dashboard';
import { envelopeSchema } from '../../../src/contract/envelope';
import { startSimulator, type Simulator } from '../../../server/simulator';
import { simulatorEnv, spawnBff, type BffProcess } from '../../support/bffProcess';
import { startPostgres, type PostgresServer } from '../../support/postgresServer';
import { startTestRedis, type TestRedis } from '../../support/redisServer';
import { signToken } from '../../support/support';
import { evidenceSigningKey } from '../../support/evidenceKey';

/**
 * Three BFF processes behind no proxy at all (a client may reach any of them), one simulator,
 * one private redis-server and one private PostgreSQL: what several instances must share.
 */
const SESSION_SECRET = 'multi-instance-session-secret-0123456789abcdef';
const INTERVAL_MS = 1000;
const USER_LIMIT = 200;
/**
 * Bandwidth's budget in these BFFs: faster than its real 1 request/s so a window with enough
 * requests to judge the sharing takes seconds, not a minute. The real default is checked in
 * upstream-limits.test.ts.
 */
const BANDWIDTH_RATE = 4;
/** Bandwidth requests to see at the vendor before judging the shared budget. */
const VENDOR_REQUESTS = 40;
const POLL_EVERY_MS = 2000;

let redis: TestRedis;
let postgres: PostgresServer;
let simulator: Simulator;
let bffs: BffProcess[] = [];
let probe: Redis;

const token = (sub: string) => signToken({ sub, role: 'moderator' }, { secret: SESSION_SECRET });
const get = async (base: string, path: string, bearer: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${bearer}` } });

beforeAll(async () => {
  [redis, postgres, simulator] = await Promise.all([
    startTestRedis(),
    startPostgres(),
    // The scenario moves once a second, so watched rooms change while the test runs.
    startSimulator({ seed: 7, port: 0, tickMs: 1000 }),
  ]);
  const databaseUrl = await postgres.createDatabase('roomwatch_multi');
  const env = {
    ...simulatorEnv(simulator),
    REDIS_URL: redis.url,
    DATABASE_URL: databaseUrl,
    EVIDENCE_SIGNING_KEY: evidenceSigningKey(),
    HISTORY: 'on',
    WATCH_INTERVAL_MS: String(INTERVAL_MS),
    // Demo auth with one session secret: the printed sign-in codes are the demo's, and a
    // session made on one instance is good on the others.
    SESSION_SECRET,
    RATE_LIMIT_USER_PER_MIN: String(USER_LIMIT),
    BANDWIDTH_RATE_PER_SECOND: String(BANDWIDTH_RATE),
    LOG_LEVEL: 'info',
  };
  bffs = await Promise.all([spawnBff(env), spawnBff(env), spawnBff(env)]);
  probe = new Redis(redis.url);
}, 120_000);

afterAll(async () => {
  probe?.disconnect();
  await Promise.allSettled(bffs.map((bff) => bff.stop()));
  await simulator?.close();
  await redis?.dispose();
  await postgres?.destroy();
}, 60_000);

describe('three instances, one Redis, one PostgreSQL', () => {
  it('each instance coordinates under its own id', () => {
    const ids = bffs.map((bff) => bff.instanceId);
    expect(ids.every((id) => id.length === 36)).toBe(true);
    expect(new Set(ids).size).toBe(3);
  });

  it(
    'spends Bandwidth’s request budget once across all three while each serves the overview',
    async () => {
      const bandwidthRooms = simulator.unlistedDemoCalls().filter((call) => call.provider === 'bandwidth');
      expect(bandwidthRooms.length).toBeGreaterThan(0);
      const pollers = await Promise.all(bffs.map((_, i) => token(`overview-${i}`)));
      const statuses: number[] = [];
      const roomsOk = [0, 0, 0];
      const snapshotsOk = [0, 0, 0];
      const started = Date.now();
      const atVendor = () => simulator.requests.all('bandwidth').filter((r) => r.at >= started).length;
      // Until enough requests reached the vendor to judge the budget, and every instance has
      // served its overview and a Bandwidth room a few times: conditions, not a time.
      const enough = () => atVendor() >= VENDOR_REQUESTS && roomsOk.every((n) => n >= 3) && snapshotsOk.every((n) => n >= 3);
      const deadline = started + 90_000;
      await Promise.all(
        bffs.map(async (bff, i) => {
          const bearer = pollers[i] ?? '';
          while (!enough() && Date.now() < deadline) {
            const round = Date.now();
            const answers = await Promise.all([
              get(bff.url, '/api/rooms', bearer),
              ...bandwidthRooms.map((room) => get(bff.url, `/api/calls/bandwidth/${room.callId}`, bearer)),
            ]);
            const [rooms, ...snapshots] = answers;
            for (const answer of answers) {
              statuses.push(answer.status);
              await answer.arrayBuffer();
            }
            if (rooms?.status === 200) roomsOk[i] = (roomsOk[i] ?? 0) + 1;
            snapshotsOk[i] = (snapshotsOk[i] ?? 0) + snapshots.filter((s) => s.status === 200).length;
            await new Promise((done) => setTimeout(done, Math.max(0, round + POLL_EVERY_MS - Date.now())));
          }
        }),
      );
      const ended = Date.now();
      expect(enough(), `vendor ${atVendor()} requests, overviews ${roomsOk.join('/')}, snapshots ${snapshotsOk.join('/')}`).toBe(true);
      // The shared token bucket: however many instances ask, the vendor never gets more than the
      // rate (one token of burst on top, and 10% slack for the clocks).
      const seconds = (ended - started) / 1000;
      const requests = simulator.requests.all('bandwidth').filter((r) => r.at >= started && r.at <= ended).length;
      expect(requests).toBeLessThanOrEqual(Math.floor(seconds * BANDWIDTH_RATE * 1.1) + 1);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
    },
    120_000,
  );

  it('counts one user’s requests as one limit across the instances', async () => {
    const bearer = await token('one-busy-user');
    const extra = 10;
    const statuses: number[] = [];
    for (let i = 0; i < USER_LIMIT + extra; i += 3) {
      const batch = bffs.map((bff) => get(bff.url, '/api/me', bearer).then(async (res) => (await res.arrayBuffer(), res.status)));
      statuses.push(...(await Promise.all(batch)));
    }
    const sent = statuses.length;
    expect(statuses.filter((s) => s === 200)).toHaveLength(USER_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(sent - USER_LIMIT);
    // Another user is not limited by the first one's spending.
    expect((await get(bffs[1]?.url ?? '', '/api/me', await token('someone-else'))).status).toBe(200);
  });

  it('a printed one-time sign-in code works once, on whichever instance it reaches first', async () => {
    const [a, b, c] = bffs;
    if (!a?.signInCode || !b?.signInCode || !c) throw new Error('demo sign-in codes were not printed');
    const redeem = async (bff: BffProcess, code: string) => {
      const res = await fetch(`${bff.url}/auth/${code}`, { redirect: 'manual' });
      await res.arrayBuffer();
      return res.headers.get('location');
    };
    // A's code, used on B first: B signs in, then neither C nor A take it again.
    expect(await redeem(b, a.signInCode)).toBe('/');
    expect(await redeem(c, a.signInCode)).toBe('/signin?reason=link');
    expect(await redeem(a, a.signInCode)).toBe('/signin?reason=link');
    // B's code sent to all three at the same moment: exactly one of them lets it in.
    const outcomes = await Promise.all(bffs.map((bff) => redeem(bff, b.signInCode ?? '')));
    expect(outcomes.filter((location) => location === '/')).toHaveLength(1);
    expect(outcomes.filter((location) => location === '/signin?reason=link')).toHaveLength(2);
  });

  it('a share link revoked on one instance is refused on another at once', async () => {
    const [a, b, c] = bffs;
    if (!a || !b || !c) throw new Error('setup');
    const room = simulator.unlistedDemoCalls().find((call) => call.provider === 'tencent');
    if (!room) throw new Error('no simulated Tencent call');
    const moderator = await token('link-giver');
    const minted = await fetch(`${a.url}/api/share-links`, {
      method: 'POST',
      headers: { authorization: `Bearer ${moderator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ provider: room.provider, callId: room.callId, ttlMinutes: 60 }),
    });
    expect(minted.status).toBe(200);
    const link = envelopeSchema(shareLinkSchema).parse(await minted.json()).data;
    const shareToken = new URL(link.url).hash.replace(/^#share=/, '');
    const path = `/api/calls/${room.provider}/${room.callId}`;
    expect((await get(b.url, path, shareToken)).status).toBe(200);
    expect((await get(c.url, path, shareToken)).status).toBe(200);

    const revoked = await fetch(`${a.url}/api/share-links/${link.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${moderator}` } });
    expect(revoked.status).toBe(204);
    // No waiting for a cache to expire: the very next requests on the other instances are refused.
    expect((await get(b.url, path, shareToken)).status).toBe(401);
    expect((await get(c.url, path, shareToken)).status).toBe(401);
  });

  it(
    'when the instance watching a room is killed, another takes the room within the lease and seq never repeats',
    async () => {
      // A live room the listings name, so every instance keeps wanting it.
      const bearer = await token('history-reader');
      const listed = roomListSchema.parse(
        ((await (await get(bffs[0]?.url ?? '', '/api/rooms', bearer)).json()) as { data: unknown }).data,
      );
      // A ProCONF room: vendors with a client-side budget (Bandwidth) are polled at a stretched
      // interval, so their takeover is paced by that budget, not by WATCH_INTERVAL_MS.
      const live = new Set(
        listed
          .filter((room) => room.state === 'active' && room.provider === 'proconf')
          .map((room) => `roomwatch:lease:${room.provider}:${room.callId}`),
      );
      const leases = await probe.keys('roomwatch:lease:*');
      const byHolder = await Promise.all(leases.map(async (key) => ({ key, holder: await probe.get(key) })));
      const target = byHolder.find((lease) => live.has(lease.key) && bffs.some((bff) => bff.instanceId === lease.holder));
      if (!target) throw new Error(`no live room's lease held by a BFF: ${JSON.stringify(byHolder)}`);
      const room = target.key.slice('roomwatch:lease:'.length);
      const separator = room.indexOf(':');
      const provider = room.slice(0, separator);
      const callId = room.slice(separator + 1);
      const victim = bffs.find((bff) => bff.instanceId === target.holder);
      const survivors = bffs.filter((bff) => bff !== victim);
      if (!victim) throw new Error('lease holder not found');

      const killedAt = Date.now();
      await victim.kill();
      const survivorIds = survivors.map((bff) => bff.instanceId);
      let holder = target.holder;
      // The key is gone for a moment between the victim's lease expiring and a survivor taking it.
      while (!survivorIds.includes(holder ?? '') && Date.now() - killedAt < 10 * INTERVAL_MS) {
        await new Promise((done) => setTimeout(done, 20));
        holder = await probe.get(target.key);
      }
      const takenAfterMs = Date.now() - killedAt;
      expect(survivorIds).toContain(holder);
      // The lease lives three intervals from its last renewal, which was at most one interval
      // before the kill; the others try at every poll of the room.
      expect(takenAfterMs).toBeLessThanOrEqual(4 * INTERVAL_MS + 500);

      // The new holder continues the room's history where the store left it.
      const reader = survivors[0];
      if (!reader) throw new Error('no survivor');
      const page = async () => {
        const res = await get(reader.url, `/api/calls/${provider}/${encodeURIComponent(callId)}/history?limit=500`, bearer);
        expect(res.status).toBe(200);
        return envelopeSchema(historyPageSchema).parse(await res.json()).data;
      };
      let history = await page();
      const deadline = Date.now() + 5 * INTERVAL_MS;
      while (!history.events.some((event) => Date.parse(event.observedAt) > killedAt) && Date.now() < deadline) {
        await new Promise((done) => setTimeout(done, 200));
        history = await page();
      }
      expect(history.events.some((event) => Date.parse(event.observedAt) > killedAt)).toBe(true);
      const seqs = history.events.map((event) => event.seq);
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      // Both survivors keep serving.
      for (const bff of survivors) expect((await get(bff.url, '/api/providers', bearer)).status).toBe(200);
    },
    40_000,
  );
});
