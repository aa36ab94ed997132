import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../server/simulator';
import { simulatorEnv, spawnBff, type BffProcess } from '../../support/bffProcess';
import { startPostgres, type PostgresServer } from '../../support/postgresServer';
import { startTestRedis, type TestRedis } from '../../support/redisServer';
import { evidenceSigningKey } from '../../support/evidenceKey';
import { signToken } from '../../support/support';

/**
 * One reader per room across instances (docs/coordination.md), with real processes: one BFF alone against
 * one simulator, and three BFFs sharing a redis-server against a twin simulator (same seed,
 * frozen scenario, started together), so both see the same rooms and their vendors' request logs
 * can be set side by side. Then a webhook alert across a SIGKILL of the room's reader, and Redis
 * stopped and started again.
 */
const SESSION_SECRET = 'multi-one-reader-session-secret-0123456789';
const WEBHOOK_SECRET = 'multi-one-reader-webhook-secret';
const INTERVAL_MS = 1000;
const BANDWIDTH_RATE = 4;
const WARM_UP_MS = 4000;
const MEASURE_MS = 12_000;
const VIEWERS = 12;

let redis: TestRedis;
let postgres: PostgresServer;
let alone: Simulator;
let twin: Simulator;
let single: BffProcess | undefined;
let bffs: BffProcess[] = [];
let probe: Redis;
let receiver: Receiver;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const token = (sub: string) => signToken({ sub, role: 'moderator' }, { secret: SESSION_SECRET });

/** A webhook receiver: what it accepted (answered 2xx), and the first `alert.opened` held unanswered on demand. */
interface Receiver {
  url: string;
  accepted: { type: string; alertId: string; delivery: string; at: number }[];
  /** Holds the next alert.opened without answering until `release()`. */
  holdNextOpened(): void;
  held(): boolean;
  /** Answers the held request (200) if its sender is still there. */
  release(): void;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const accepted: Receiver['accepted'] = [];
  let holding = false;
  let parked: { res: ServerResponse; record: () => void } | undefined;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const parsed = JSON.parse(body) as { type: string; alert: { id: string } };
      const record = () => accepted.push({ type: parsed.type, alertId: parsed.alert.id, delivery: String(req.headers['x-roomwatch-delivery']), at: Date.now() });
      if (holding && parsed.type === 'alert.opened' && !parked) {
        parked = { res, record };
        return;
      }
      record();
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    accepted,
    holdNextOpened: () => (holding = true),
    held: () => parked !== undefined,
    release() {
      holding = false;
      const waiting = parked;
      if (!waiting) return;
      // A sender that died closed its socket: that try was never answered, so never delivered.
      if (!waiting.res.socket?.destroyed) {
        waiting.record();
        waiting.res.writeHead(200).end();
      }
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Viewers on each of `targets` in turn, polling the overview and every pinned room every 2 s until `deadline`. */
async function view(simulator: Simulator, targets: readonly BffProcess[], bearer: string, deadline: number): Promise<number[]> {
  const pinned = simulator.unlistedDemoCalls().map((call) => `/api/calls/${call.provider}/${call.callId}`);
  const statuses: number[] = [];
  await Promise.all(
    Array.from({ length: VIEWERS }, async (_, i) => {
      const base = targets[i % targets.length]?.url ?? '';
      await sleep((i * 2000) / VIEWERS);
      while (Date.now() < deadline) {
        const round = Date.now();
        for (const path of ['/api/rooms', ...pinned]) {
          const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
          await res.arrayBuffer();
          statuses.push(res.status);
        }
        await sleep(Math.max(0, round + 2000 - Date.now()));
      }
    }),
  );
  return statuses;
}

const countsOf = (simulator: Simulator, from: number, to: number) => {
  const counts: Record<string, number> = {};
  for (const request of simulator.requests.all()) if (request.at >= from && request.at <= to) counts[request.vendor] = (counts[request.vendor] ?? 0) + 1;
  return counts;
};

beforeAll(async () => {
  [redis, postgres, alone, twin, receiver] = await Promise.all([
    startTestRedis(),
    startPostgres(),
    startSimulator({ seed: 5, port: 0, tickMs: 0 }),
    startSimulator({ seed: 5, port: 0, tickMs: 0 }),
    startReceiver(),
  ]);
  const common = {
    HISTORY: 'on',
    EVIDENCE_SIGNING_KEY: evidenceSigningKey(),
    WATCH_INTERVAL_MS: String(INTERVAL_MS),
    SESSION_SECRET,
    RATE_LIMIT_USER_PER_MIN: '1000000',
    RATE_LIMIT_IP_PER_MIN: '1000000',
    BANDWIDTH_RATE_PER_SECOND: String(BANDWIDTH_RATE),
    ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    ALERT_WEBHOOK_ALLOW: '127.0.0.1',
    LOG_LEVEL: 'info',
  };
  const [aloneDb, sharedDb] = await Promise.all([postgres.createDatabase('roomwatch_alone'), postgres.createDatabase('roomwatch_shared')]);
  const shared = { ...common, ...simulatorEnv(twin), REDIS_URL: redis.url, DATABASE_URL: sharedDb };
  [single, ...bffs] = await Promise.all([spawnBff({ ...common, ...simulatorEnv(alone), DATABASE_URL: aloneDb }), spawnBff(shared), spawnBff(shared), spawnBff(shared)]);
  probe = new Redis(redis.url);
}, 120_000);

afterAll(async () => {
  probe?.disconnect();
  await Promise.allSettled([single, ...bffs].map((bff) => bff?.stop()));
  await Promise.allSettled([alone?.close(), twin?.close(), receiver?.close()]);
  await redis?.dispose();
  await postgres?.destroy();
}, 60_000);

describe('one reader per room across three instances', () => {
  it(
    'costs each vendor what one instance costs, viewers spread over all three',
    async () => {
      const bearer = await token('viewer');
      const started = Date.now();
      const deadline = started + WARM_UP_MS + MEASURE_MS;
      const from = started + WARM_UP_MS;
      const [one, three] = await Promise.all([view(alone, single ? [single] : [], bearer, deadline), view(twin, bffs, bearer, deadline)]);
      expect([...one, ...three].filter((status) => status !== 200)).toEqual([]);
      const byOne = countsOf(alone, from, deadline);
      const byThree = countsOf(twin, from, deadline);
      for (const vendor of ['proconf', 'bandwidth', 'cometchat', 'tencent']) {
        const a = byOne[vendor] ?? 0;
        const b = byThree[vendor] ?? 0;
        // Really read by both (not a quiet vendor by accident), and far from what three separate
        // readers cost (2-3x one instance before one reader per room). A lease that moves under a
        // busy machine's load costs a read or two more, so the test allows half again as many; the
        // exact ratio (target <= 1.1) is the bench's figure (npm run bench -- multi, docs/bench.md),
        // measured over a longer window.
        expect(a, vendor).toBeGreaterThan(0);
        expect(b, vendor).toBeGreaterThan(0);
        expect(b, `${vendor}: three ${b} vs one ${a}`).toBeLessThanOrEqual(Math.ceil(a * 1.5) + 2);
      }
    },
    WARM_UP_MS + MEASURE_MS + 30_000,
  );

  it('a long poll on an instance that does not read the room wakes on its holder’s change', async () => {
    const bearer = await token('long-poller');
    const room = 'design-review';
    const holder = await probe.get(`roomwatch:lease:proconf:${room}`);
    const other = bffs.find((bff) => bff.instanceId !== holder);
    if (!holder || !other) throw new Error(`no holder for ${room}`);
    const path = `${other.url}/api/calls/proconf/${room}`;
    const first = await fetch(path, { headers: { authorization: `Bearer ${bearer}` } });
    expect(first.status).toBe(200);
    await first.arrayBuffer();
    const etag = first.headers.get('etag') ?? '';
    const waiting = fetch(path, { headers: { authorization: `Bearer ${bearer}`, 'if-none-match': etag, prefer: 'wait=20' } });
    await sleep(300);
    const changedAt = Date.now();
    const before = twin.proconf.rooms.get(room)?.recording ?? false;
    twin.proconf.set(room, { recording: !before });
    const answer = await waiting;
    expect(answer.status).toBe(200);
    expect(answer.headers.get('preference-applied')).toBe('wait=20');
    expect(((await answer.json()) as { data: { recording: string } }).data.recording).toBe(before ? 'off' : 'on');
    // The holder reads it within an interval and its notice reaches the other instance at once.
    expect(Date.now() - changedAt).toBeLessThan(2 * INTERVAL_MS + 1000);
  });

  it(
    'a webhook alert moves with its room when the reader is SIGKILLed: one alert.opened, one alert.resolved',
    async () => {
      const bearer = await token('alert-admin');
      const room = 'standup';
      twin.proconf.set(room, { recording: true });
      // Someone has the room open (on whichever instance): its reader reads it at WATCH_INTERVAL_MS.
      const looking = setInterval(() => {
        const bff = bffs[Math.floor(Math.random() * bffs.length)];
        if (bff) void fetch(`${bff.url}/api/calls/proconf/${room}`, { headers: { authorization: `Bearer ${bearer}` } }).then((res) => res.arrayBuffer(), () => undefined);
      }, 2000);
      try {
      const rule = await fetch(`${bffs[0]?.url ?? ''}/api/alert-rules`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Standup recording', enabled: true, match: { provider: 'proconf', callId: room }, when: 'recording.stopped', afterSec: 0, channels: [{ type: 'webhook', url: receiver.url }] }),
      });
      expect(rule.status).toBe(201);
      await rule.arrayBuffer();
      // Let every instance see the rule and the room recording, then stop the recording; the
      // first alert.opened try is held unanswered, so it may be in flight when its sender dies.
      await sleep(2000);
      receiver.holdNextOpened();
      twin.proconf.set(room, { recording: false });
      await until('alert.opened sent', () => receiver.held(), 15_000);

      const leaseKey = `roomwatch:lease:proconf:${room}`;
      const holderId = await probe.get(leaseKey);
      const victim = bffs.find((bff) => bff.instanceId === holderId);
      if (!victim) throw new Error('the room’s reader is not one of ours');
      await victim.kill();
      const killedAt = Date.now();
      bffs = bffs.filter((bff) => bff !== victim);
      receiver.release();
      await until('alert.opened delivered', () => receiver.accepted.some((hit) => hit.type === 'alert.opened'), 15_000);
      expect(Date.now() - killedAt).toBeLessThanOrEqual(15_000);

      const survivors = bffs.map((bff) => bff.instanceId);
      await until('a survivor reads the room', async () => survivors.includes((await probe.get(leaseKey)) ?? ''), 10_000);
      const changedAt = Date.now();
      twin.proconf.set(room, { recording: true });
      await until('alert.resolved delivered', () => receiver.accepted.some((hit) => hit.type === 'alert.resolved'), 15_000);
      expect(Date.now() - changedAt).toBeLessThanOrEqual(15_000);
      // Nothing more comes: no instance repeats either one.
      await sleep(4000);
      const opened = receiver.accepted.filter((hit) => hit.type === 'alert.opened');
      const resolved = receiver.accepted.filter((hit) => hit.type === 'alert.resolved');
      expect(opened, JSON.stringify(receiver.accepted)).toHaveLength(1);
      expect(resolved, JSON.stringify(receiver.accepted)).toHaveLength(1);
      expect(resolved[0]?.alertId).toBe(opened[0]?.alertId);
      } finally {
        clearInterval(looking);
      }
    },
    90_000,
  );

  it(
    'with Redis stopped each instance reads for itself, and once it is back one reads again',
    async () => {
      const bearer = await token('outage-viewer');
      const window = async (ms: number) => {
        const from = Date.now();
        await view(twin, bffs, bearer, from + ms);
        // Tencent's rooms are pinned and looked at: read every interval by whoever reads them.
        return countsOf(twin, from, Date.now()).tencent ?? 0;
      };
      const before = await window(5000);
      await redis.stop();
      for (const bff of bffs) {
        await until('readyz degraded', async () => {
          const ready = (await (await fetch(`${bff.url}/readyz`)).json()) as { data: { status: string; redis: string } };
          return ready.data.redis === 'degraded' && ready.data.status === 'degraded';
        }, 10_000);
      }
      const during = await window(5000);
      // Two instances left, each reading every room itself.
      expect(during).toBeGreaterThanOrEqual(1.6 * before);
      await redis.start();
      for (const bff of bffs) {
        await until('readyz ready', async () => {
          const ready = (await (await fetch(`${bff.url}/readyz`)).json()) as { data: { redis: string } };
          return ready.data.redis === 'ok';
        }, 15_000);
      }
      await sleep(3 * INTERVAL_MS);
      const after = await window(5000);
      expect(after).toBeLessThanOrEqual(Math.ceil(before * 1.2) + 3);
      for (const bff of bffs) expect(bff.output()).toContain('redis unavailable');
    },
    90_000,
  );
});
