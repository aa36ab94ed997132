import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../server/simulator';
import { spawnBff, type BffProcess } from '../../support/bffProcess';
import { startPostgres, type PostgresServer } from '../../support/postgresServer';
import { startTestRedis, type TestRedis } from '../../support/redisServer';
import { evidenceSigningKey } from '../../support/evidenceKey';
import { signToken } from '../../support/support';
import { createTapLog, resourceOf, type TapLog, type TappedRequest, type UpstreamTap } from '../../support/upstreamTap';
import { envelopeSchema } from '../../../src/contract/envelope';
import { roomListSchema } from '../../../src/contract/dashboard';

/**
 * One reader per room across instances (docs/coordination.md), with real processes: one BFF alone against
 * one simulator, and three BFFs sharing a redis-server against a twin simulator (same seed,
 * frozen scenario, started together), so both see the same rooms. Each BFF's vendor URLs point
 * at its own pass-through tap (test/support/upstreamTap.ts), so every upstream request is known
 * to be that instance's. Then a webhook alert across a SIGKILL of the room's reader, leases handed
 * back (a room that ends, a SIGTERM), and Redis stopped and started again.
 */
const SESSION_SECRET = 'multi-one-reader-session-secret-0123456789';
const WEBHOOK_SECRET = 'multi-one-reader-webhook-secret';
const INTERVAL_MS = 1000;
const BANDWIDTH_RATE = 4;
/** Watch cycles the single instance goes through (its most-read room of each vendor) while both sides are counted. */
const CYCLES = 12;
/** No lease came to any instance for this long: start-up's leases are settled. */
const SETTLED_MS = 3 * INTERVAL_MS;
const VIEWERS = 12;
const VENDORS = ['proconf', 'bandwidth', 'cometchat', 'tencent'] as const;
/** The simulator's listing reads (method and path, as resourceOf names them). */
const LISTINGS: Record<string, string> = { proconf: 'GET /proconf/api/meetings', cometchat: 'GET /cometchat/v3/calls' };

let redis: TestRedis;
let postgres: PostgresServer;
let alone: Simulator;
let twin: Simulator;
let single: BffProcess | undefined;
let bffs: BffProcess[] = [];
let probe: Redis;
let receiver: Receiver;
let taps: TapLog;
let tapped: UpstreamTap[] = [];
/** Lease keys as Redis removed them: handed back (`del`) or left to run out (`expired`). */
const leaseEnds: { key: string; how: 'del' | 'expired'; at: number }[] = [];
let events: Redis;
/** The three instances' environment, but for their taps. */
let sharedEnv: Record<string, string> = {};
/** Which tap each of the three instances sends its upstream requests through. */
const tagOf = new Map<BffProcess, string>();

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

/**
 * Viewers on each of `targets` in turn, every 2 s: the overview, one of the rooms it lists (each
 * viewer the next in turn) and every pinned room, so every room is looked at and read at
 * WATCH_INTERVAL_MS, while `running()`.
 */
async function view(simulator: Simulator, targets: readonly BffProcess[], bearer: string, running: () => boolean): Promise<number[]> {
  const pinned = simulator.unlistedDemoCalls().map((call) => `/api/calls/${call.provider}/${call.callId}`);
  const statuses: number[] = [];
  const headers = { authorization: `Bearer ${bearer}` };
  await Promise.all(
    Array.from({ length: VIEWERS }, async (_, i) => {
      const base = targets[i % targets.length]?.url ?? '';
      await sleep((i * 2000) / VIEWERS);
      let turn = 0;
      while (running()) {
        const round = Date.now();
        const overview = await fetch(`${base}/api/rooms`, { headers });
        statuses.push(overview.status);
        const listed = overview.ok ? envelopeSchema(roomListSchema).parse(await overview.json()).data : [];
        // One listed room per round, each viewer its own in turn: every room is looked at, at a
        // load one process serves without falling behind.
        const pick = listed[(i + turn) % Math.max(1, listed.length)];
        turn += 1;
        const rooms = new Set([...(pick ? [`/api/calls/${pick.provider}/${encodeURIComponent(pick.callId)}`] : []), ...pinned]);
        for (const path of rooms) {
          const res = await fetch(`${base}${path}`, { headers });
          await res.arrayBuffer();
          statuses.push(res.status);
        }
        await sleep(Math.max(0, round + 2000 - Date.now()));
      }
    }),
  );
  return statuses;
}

/** The times (epoch ms) at which a BFF logged a lease coming to it, by room or listing. */
function leasesTaken(bff: BffProcess): { what: string; at: number }[] {
  const taken: { what: string; at: number }[] = [];
  for (const line of bff.output().split('\n')) {
    if (!line.includes('lease came here')) continue;
    const entry = JSON.parse(line) as { time: number; room?: string; provider?: string };
    taken.push({ what: entry.room ?? `listing:${entry.provider ?? ''}`, at: entry.time });
  }
  return taken;
}

const within = (from: number, to: number) => (request: TappedRequest) => request.at >= from && request.at <= to;

const countsOf = (requests: readonly TappedRequest[]) => {
  const counts: Record<string, number> = {};
  for (const request of requests) counts[request.vendor] = (counts[request.vendor] ?? 0) + 1;
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
  taps = createTapLog();
  tapped = await Promise.all([taps.tap(alone, 'one'), taps.tap(twin, '0'), taps.tap(twin, '1'), taps.tap(twin, '2')]);
  probe = new Redis(redis.url);
  // Redis is stopped on purpose in the last test: these clients reconnect by themselves.
  probe.on('error', () => undefined);
  // Whether a lease was handed back or ran out is Redis's to say: keyspace events.
  await probe.config('SET', 'notify-keyspace-events', 'Egx');
  events = new Redis(redis.url);
  events.on('error', () => undefined);
  events.on('pmessage', (_pattern: string, channel: string, key: string) => {
    if (key.startsWith('roomwatch:lease:') || key.startsWith('roomwatch:listlease:')) leaseEnds.push({ key, how: channel.endsWith(':del') ? 'del' : 'expired', at: Date.now() });
  });
  await events.psubscribe('__keyevent@*__:del', '__keyevent@*__:expired');
  sharedEnv = { ...common, REDIS_URL: redis.url, DATABASE_URL: sharedDb };
  const shared = sharedEnv;
  [single, ...bffs] = await Promise.all([
    spawnBff({ ...common, ...tapped[0]?.env, DATABASE_URL: aloneDb }),
    ...tapped.slice(1).map((tap) => spawnBff({ ...shared, ...tap.env })),
  ]);
  bffs.forEach((bff, i) => tagOf.set(bff, tapped[i + 1]?.tag ?? ''));
}, 120_000);

afterAll(async () => {
  probe?.disconnect();
  events?.disconnect();
  await Promise.allSettled([single, ...bffs].map((bff) => bff?.stop()));
  await Promise.allSettled([alone?.close(), twin?.close(), receiver?.close(), ...tapped.map((tap) => tap.close())]);
  await redis?.dispose();
  await postgres?.destroy();
}, 60_000);

describe('one reader per room across three instances', () => {
  it(
    'once leases settle, each room is read by one instance and the listings by one, costing each vendor what one instance costs',
    async () => {
      const bearer = await token('viewer');
      let viewing = true;
      const viewers = Promise.all([view(alone, single ? [single] : [], bearer, () => viewing), view(twin, bffs, bearer, () => viewing)]);
      const moves = () => bffs.flatMap((bff) => leasesTaken(bff).map((taken) => ({ ...taken, tag: tagOf.get(bff) ?? '' })));
      let from = 0;
      let to = 0;
      try {
        // Start-up over: every instance has taken what it reads, and no lease has moved for a while.
        await until('leases settled', () => {
          const last = Math.max(0, ...moves().map((move) => move.at));
          return last > 0 && Date.now() - last >= SETTLED_MS;
        }, 90_000);
        from = Date.now();
        // Counted over watch cycles, not a time: until the single instance has read each vendor's
        // most-read resource CYCLES times.
        const cyclesOf = (vendor: string) => {
          const reads = new Map<string, number>();
          for (const request of taps.requests) {
            if (request.tag === 'one' && request.vendor === vendor && request.at >= from) reads.set(resourceOf(request), (reads.get(resourceOf(request)) ?? 0) + 1);
          }
          return Math.max(0, ...reads.values());
        };
        await until(`${CYCLES} watch cycles`, () => VENDORS.every((vendor) => cyclesOf(vendor) >= CYCLES), 120_000);
        to = Date.now();
      } finally {
        viewing = false;
      }
      const statuses = (await viewers).flat();
      expect(statuses.filter((status) => status !== 200)).toEqual([]);

      const span = taps.requests.filter(within(from, to));
      const one = span.filter((request) => request.tag === 'one');
      const three = span.filter((request) => request.tag !== 'one');
      const moved = moves().filter((move) => move.at >= from && move.at <= to);

      // Each room's reads come from one instance; a second reader only where a lease of that
      // vendor's rooms moved to it meanwhile (logged by the instance it came to).
      const readers = new Map<string, { vendor: string; tags: Set<string> }>();
      for (const request of three) {
        const resource = resourceOf(request);
        if (Object.values(LISTINGS).includes(resource)) continue;
        const entry = readers.get(resource) ?? { vendor: request.vendor, tags: new Set<string>() };
        entry.tags.add(request.tag);
        readers.set(resource, entry);
      }
      expect(readers.size).toBeGreaterThan(0);
      for (const [resource, { vendor, tags }] of readers) {
        if (tags.size === 1) continue;
        const explained = moved.some((move) => move.what.startsWith(`${vendor}:`) && tags.has(move.tag));
        expect(explained, `${resource} read by instances ${[...tags].join(', ')} with no lease moved (${JSON.stringify(moved)})`).toBe(true);
      }
      // CometChat's listing: by the holder of its listing lease only.
      const listers = new Set(three.filter((request) => resourceOf(request) === LISTINGS.cometchat).map((request) => request.tag));
      expect(listers.size).toBeGreaterThan(0);
      expect(listers.size, `CometChat listed by ${[...listers].join(', ')}`).toBeLessThanOrEqual(1 + moved.filter((move) => move.what === 'listing:cometchat').length);
      // ProCONF's meeting list (its listing, which every room's state needs too) is one cache for
      // all instances: read no more often than one instance reads it.
      const meetings = (requests: TappedRequest[]) => requests.filter((request) => resourceOf(request) === LISTINGS.proconf).length;
      expect(meetings(three), `meeting list: three ${meetings(three)} vs one ${meetings(one)}`).toBeLessThanOrEqual(meetings(one) + 1);

      // And so each vendor gets what one instance costs it, within 10 %.
      const byOne = countsOf(one);
      const byThree = countsOf(three);
      for (const vendor of VENDORS) {
        const a = byOne[vendor] ?? 0;
        const b = byThree[vendor] ?? 0;
        expect(a, vendor).toBeGreaterThan(0);
        expect(Math.abs(b - a), `${vendor}: three ${b} vs one ${a} over ${CYCLES} cycles (lease moves: ${moved.length})`).toBeLessThanOrEqual(0.1 * a);
      }
    },
    240_000,
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
    'hands leases back rather than letting them run out: a room that ended, and every lease of an instance stopped with SIGTERM',
    async () => {
      const room = 'quick-sync';
      const key = `roomwatch:lease:proconf:${room}`;
      await until(`${room} has a reader`, async () => (await probe.get(key)) !== null, 15_000);
      // Looked at (on any instance), so its reader reads it at WATCH_INTERVAL_MS rather than the idle pace.
      const looked = await fetch(`${bffs[0]?.url ?? ''}/api/calls/proconf/${room}`, { headers: { authorization: `Bearer ${await token('ender')}` } });
      expect(looked.status).toBe(200);
      await looked.arrayBuffer();
      const endedAt = Date.now();
      twin.proconf.set(room, { ended: true });
      // Its reader sees it end and hands the lease back; each other instance then takes it once,
      // finds the room ended in the store, and hands it back too.
      await until(`${room}'s lease handed back`, () => leaseEnds.some((end) => end.key === key && end.how === 'del' && end.at >= endedAt), 30_000);
      await until(`nobody holds ${room}`, async () => (await probe.get(key)) === null, 30_000);
      // (A lease of it that ran out before, with an instance SIGKILLed above, is that test's.)
      expect(leaseEnds.filter((end) => end.key === key && end.how === 'expired' && end.at >= endedAt)).toEqual([]);
      // The instance that saw it end was its last reader: the others, taking it in turn, find it
      // ended in the store and do not read it again.
      const readers = new Set(taps.requests.filter((request) => request.tag !== 'one' && request.at >= endedAt && request.url.includes(`/sessions-status/${room}`)).map((request) => request.tag));
      expect(readers.size, `${room} read after its end by instances ${[...readers].join(', ')}`).toBeLessThanOrEqual(1);

      const victim = bffs[0];
      if (!victim) throw new Error('no instance left');
      const keys = [...(await probe.keys('roomwatch:lease:*')), ...(await probe.keys('roomwatch:listlease:*'))];
      const held = (await Promise.all(keys.map(async (name) => ((await probe.get(name)) === victim.instanceId ? [name] : [])))).flat();
      expect(held.length, 'the instance to stop holds leases').toBeGreaterThan(0);
      const stoppedAt = Date.now();
      await victim.stop();
      bffs = bffs.filter((bff) => bff !== victim);
      // Once it has exited, none names it: each went back at shutdown, none is left to run out.
      const holders = await Promise.all(held.map((name) => probe.get(name)));
      expect(holders.filter((holder) => holder === victim.instanceId)).toEqual([]);
      expect(leaseEnds.filter((end) => held.includes(end.key) && end.how === 'expired' && end.at >= stoppedAt)).toEqual([]);
      // Two instances stay for the Redis test below; the new one reads through the stopped one's tap.
      const tap = tapped.find((candidate) => candidate.tag === tagOf.get(victim));
      const replacement = await spawnBff({ ...sharedEnv, ...tap?.env });
      tagOf.set(replacement, tap?.tag ?? '');
      bffs.push(replacement);
    },
    90_000,
  );

  it(
    'with Redis stopped each instance reads for itself, and once it is back one reads again',
    async () => {
      const bearer = await token('outage-viewer');
      // Tencent's demo calls are pinned and looked at: each is read every interval by whoever reads it.
      const tencentRooms = twin.unlistedDemoCalls().filter((call) => call.provider === 'tencent').map((call) => call.callId);
      expect(tencentRooms.length).toBeGreaterThan(0);
      const readersSince = (from: number) => {
        const readers = new Map<string, Map<string, number>>(tencentRooms.map((room) => [room, new Map()]));
        for (const request of taps.requests) {
          if (request.tag === 'one' || request.vendor !== 'tencent' || request.at < from) continue;
          const room = tencentRooms.find((callId) => resourceOf(request).includes(callId));
          const byTag = room === undefined ? undefined : readers.get(room);
          byTag?.set(request.tag, (byTag.get(request.tag) ?? 0) + 1);
        }
        return readers;
      };
      let viewing = true;
      const viewers = view(twin, bffs, bearer, () => viewing);
      try {
        await redis.stop();
        for (const bff of bffs) {
          await until('readyz degraded', async () => {
            const ready = (await (await fetch(`${bff.url}/readyz`)).json()) as { data: { status: string; redis: string } };
            return ready.data.redis === 'degraded' && ready.data.status === 'degraded';
          }, 10_000);
        }
        // Each instance now reads every room itself: each Tencent room is read by each (through its own tap).
        const degradedAt = Date.now();
        await until('each instance reads each room itself', () => [...readersSince(degradedAt).values()].every((byTag) => byTag.size >= bffs.length), 20_000);
        expect(new Set(bffs.map((bff) => tagOf.get(bff))).size).toBe(bffs.length);

        await redis.start();
        for (const bff of bffs) {
          await until('readyz ready', async () => {
            const ready = (await (await fetch(`${bff.url}/readyz`)).json()) as { data: { redis: string } };
            return ready.data.redis === 'ok';
          }, 15_000);
        }
        // Once the leases are taken again and no lease has moved for a while, each room has one
        // reader: counted over the next reads of every room, not over a time.
        const moves = () => bffs.flatMap((bff) => leasesTaken(bff)).filter((taken) => taken.what.startsWith('tencent:'));
        const recoveredAt = Date.now();
        await until('leases settled after Redis came back', () => {
          const last = Math.max(recoveredAt, ...moves().map((move) => move.at));
          return Date.now() - last >= SETTLED_MS;
        }, 30_000);
        const settledAt = Date.now();
        const READS = 4;
        await until(`${READS} reads of each room`, () => [...readersSince(settledAt).values()].every((byTag) => [...byTag.values()].reduce((a, b) => a + b, 0) >= READS), 30_000);
        const movedSince = moves().filter((move) => move.at >= settledAt);
        for (const [room, byTag] of readersSince(settledAt)) {
          if (byTag.size === 1) continue;
          expect(movedSince.some((move) => move.what.includes(room)), `${room} read by ${[...byTag.keys()].join(', ')} with no lease moved`).toBe(true);
        }
      } finally {
        viewing = false;
        await viewers;
      }
      for (const bff of bffs) expect(bff.output()).toContain('redis unavailable');
    },
    120_000,
  );
});
