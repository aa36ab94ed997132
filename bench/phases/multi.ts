import { Redis } from 'ioredis';
import { SignJWT } from 'jose';
import { startSimulator, type Simulator } from '../../server/simulator';
import { simulatorEnv, spawnBff, type BffProcess } from '../../test/support/bffProcess';
import { startPostgres } from '../../test/support/postgresServer';
import { startTestRedis } from '../../test/support/redisServer';
import { percentile, type Row } from './context';
import { evidenceSigningKey } from '../../test/support/evidenceKey';

/**
 * Several instances (`npm run bench -- multi`): BFF processes as production runs them,
 * simulators in this process, a private redis-server and PostgreSQL.
 * - the same viewers' upstream requests with three instances (Redis) against one (no Redis),
 *   side by side: each against its own simulator, twins (same seed, started together), with
 *   history on (one reader per room);
 * - p50 of a cached poll with rate limits counted in Redis against in memory, side by side;
 * - how long a watched room goes without a watcher after its instance is SIGKILLed.
 */
const SECRET = 'bench-multi-secret-0123456789abcdef0123456789';
const VIEWERS = 30;
const VIEW_MS = 30_000;
const POLL_MS = 2000;
const LATENCY_ROUNDS = 1500;
const FAILOVERS = 5;
const INTERVAL_MS = 1000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function bearer(): Promise<string> {
  return new SignJWT({ role: 'moderator' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench-viewer')
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(SECRET));
}

/** `viewers` dashboards, each on one of `bffs` in turn, polling the overview and every pinned room. */
async function view(simulator: Simulator, bffs: readonly BffProcess[], token: string, started = Date.now()): Promise<Record<string, number>> {
  const pinned = simulator.unlistedDemoCalls().map((call) => `/api/calls/${call.provider}/${call.callId}`);
  simulator.requests.clear();
  const deadline = started + VIEW_MS;
  await Promise.all(
    Array.from({ length: VIEWERS }, async (_, i) => {
      const base = bffs[i % bffs.length]?.url ?? '';
      // Viewers do not start in step, as browsers opened over a minute would not.
      await sleep((i * POLL_MS) / VIEWERS);
      while (Date.now() < deadline) {
        const round = Date.now();
        await Promise.all(
          ['/api/rooms', ...pinned].map(async (path) => {
            const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
            await res.arrayBuffer();
          }),
        );
        await sleep(Math.max(0, round + POLL_MS - Date.now()));
      }
    }),
  );
  const counts: Record<string, number> = {};
  // Within the viewing time only: polls sent just before the end wait up to 10 s for a
  // Bandwidth token, and counting those would stretch the window, not measure the rate.
  for (const request of simulator.requests.all()) {
    if (request.at <= deadline) counts[request.vendor] = (counts[request.vendor] ?? 0) + 1;
  }
  return counts;
}

/** Interleaved call by call, so both see the same machine at the same moment. */
async function cachedPollLatency(local: string, shared: string, path: string, token: string): Promise<[number[], number[]]> {
  const a: number[] = [];
  const b: number[] = [];
  const once = async (base: string, into: number[]) => {
    const t = performance.now();
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    into.push(performance.now() - t);
  };
  for (let i = 0; i < LATENCY_ROUNDS; i++) {
    await once(local, a);
    await once(shared, b);
  }
  return [a.sort((x, y) => x - y), b.sort((x, y) => x - y)];
}

/** SIGKILLs the holder of a live room's lease and times until another instance holds it. */
async function failoverOnce(probe: Redis, bffs: BffProcess[]): Promise<number> {
  const ids = new Set(bffs.map((bff) => bff.instanceId));
  // A lease renewed within the last interval, and again one and a half intervals later: its room
  // is being watched right now (a room that just ended is taken once and then left to expire).
  let target: { key: string; holder: string } | undefined;
  const searchUntil = Date.now() + 15_000;
  const fresh = async (key: string) => {
    const [holder, ttl] = await Promise.all([probe.get(key), probe.pttl(key)]);
    return holder && ids.has(holder) && ttl > 2 * INTERVAL_MS ? holder : undefined;
  };
  while (!target && Date.now() < searchUntil) {
    const candidates = (await Promise.all((await probe.keys('roomwatch:lease:*')).map(async (key) => ({ key, holder: await fresh(key) })))).filter((c) => c.holder);
    await sleep(1.5 * INTERVAL_MS);
    for (const candidate of candidates) {
      if (candidate.holder && (await fresh(candidate.key)) === candidate.holder) {
        target = { key: candidate.key, holder: candidate.holder };
        break;
      }
    }
    if (!target) await sleep(100);
  }
  if (!target) throw new Error('no watched room to fail over');
  const victim = bffs.find((bff) => bff.instanceId === target.holder);
  if (!victim) throw new Error('lease holder is not one of ours');
  const killedAt = performance.now();
  await victim.kill();
  bffs.splice(bffs.indexOf(victim), 1);
  const survivors = new Set(bffs.map((bff) => bff.instanceId));
  for (;;) {
    const holder = await probe.get(target.key);
    if (holder && survivors.has(holder)) return performance.now() - killedAt;
    if (performance.now() - killedAt > 20 * INTERVAL_MS) throw new Error(`no instance took ${target.key} over`);
    await sleep(10);
  }
}

export async function multi(): Promise<Row[]> {
  const [redis, postgres, simulator, twin] = await Promise.all([
    startTestRedis(),
    startPostgres(),
    startSimulator({ seed: 11, port: 0, tickMs: 1000 }),
    startSimulator({ seed: 11, port: 0, tickMs: 1000 }),
  ]);
  const bffs: BffProcess[] = [];
  const probe = new Redis(redis.url);
  try {
    const token = await bearer();
    const base = {
      ...simulatorEnv(simulator),
      AUTH_JWT_SECRET: SECRET,
      LOG_LEVEL: 'info',
      HISTORY: 'off',
      // One token stands in for many browsers: the limits are counted (that cost is measured) but never reached.
      RATE_LIMIT_USER_PER_MIN: '1000000000',
      RATE_LIMIT_IP_PER_MIN: '1000000000',
    };
    const spawn = async (env: Record<string, string>) => {
      const bff = await spawnBff(env);
      bffs.push(bff);
      return bff;
    };

    // 1. The same viewers against one instance and, at the same time, spread over three sharing
    // Redis, each group against its own twin simulator; history on (the watcher is the reader).
    // Steady state, not start-up: under tsx a fresh process compiles modules for a second or
    // so after it listens, and a Redis reply read that late counts as Redis being away.
    const WARM_UP_MS = 3000;
    const withHistory = { ...base, HISTORY: 'on', EVIDENCE_SIGNING_KEY: evidenceSigningKey() };
    const [aloneDb, spreadDb] = await Promise.all([postgres.createDatabase('roomwatch_bench_one'), postgres.createDatabase('roomwatch_bench_three')]);
    const [single, ...three] = await Promise.all([
      spawn({ ...withHistory, DATABASE_URL: aloneDb }),
      ...[0, 1, 2].map(() => spawn({ ...withHistory, ...simulatorEnv(twin), REDIS_URL: redis.url, DATABASE_URL: spreadDb })),
    ]);
    if (!single) throw new Error('no single instance');
    await sleep(WARM_UP_MS);
    // Each time an instance found Redis too slow or gone it coordinated alone for a while.
    const outagesSoFar = () => three.reduce((sum, bff) => sum + (bff.output().match(/redis unavailable/g)?.length ?? 0), 0);
    const outagesBefore = outagesSoFar();
    const started = Date.now();
    const [alone, spread] = await Promise.all([view(simulator, [single], token, started), view(twin, three, token, started)]);
    const outages = outagesSoFar() - outagesBefore;
    const rows: Row[] = [];
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);
    const vendors = [...new Set([...Object.keys(alone), ...Object.keys(spread)])].sort();
    const ratio = (vendor: string) => (spread[vendor] ?? 0) / Math.max(1, alone[vendor] ?? 0);
    rows.push({
      measure: `multi: upstream requests, 3 instances ÷ 1, for each vendor (${VIEWERS} viewers, ${VIEW_MS / 1000} s, history on, ${outages} Redis outages during, ${outagesBefore} at start-up)`,
      value: vendors.map((vendor) => `${vendor} ${spread[vendor] ?? 0}/${alone[vendor] ?? 0} = ${ratio(vendor).toFixed(2)}`).join(', '),
      target: '≤ 1.1 each',
      met: vendors.every((vendor) => (spread[vendor] ?? 0) <= 1.1 * (alone[vendor] ?? 0)),
    });
    rows.push({
      measure: 'multi: all upstream requests, 3 instances ÷ 1',
      value: `${total(spread)} / ${total(alone)} = ${(total(spread) / total(alone)).toFixed(2)} (${Object.entries(spread)
        .map(([vendor, n]) => `${vendor} ${n}/${alone[vendor] ?? 0}`)
        .join(', ')})`,
      target: '≤ 1.1',
      met: total(spread) <= 1.1 * total(alone),
    });

    // 2. A cached poll: the in-memory limiter (the single instance) against the Redis one.
    const tencent = simulator.unlistedDemoCalls().find((call) => call.provider === 'tencent');
    const path = tencent ? `/api/calls/tencent/${tencent.callId}` : '/api/providers';
    const [local, shared] = await cachedPollLatency(single.url, three[0]?.url ?? '', path, token);
    const p50l = percentile(local, 50);
    const p50s = percentile(shared, 50);
    rows.push({
      measure: `multi: cached poll p50, rate limits in memory / in Redis (${LATENCY_ROUNDS} each, interleaved)`,
      value: `${p50l.toFixed(2)} ms / ${p50s.toFixed(2)} ms (+${(p50s - p50l).toFixed(2)} ms)`,
      target: 'informative',
      met: null,
    });
    await Promise.all(bffs.splice(0).map((bff) => bff.stop()));

    // 3. Failover of a watched room: three instances with history in PostgreSQL; each run kills
    //    the holder of a watched room and starts a replacement.
    const watched = {
      ...base,
      REDIS_URL: redis.url,
      HISTORY: 'on',
      DATABASE_URL: await postgres.createDatabase('roomwatch_bench'),
      EVIDENCE_SIGNING_KEY: evidenceSigningKey(),
      WATCH_INTERVAL_MS: String(INTERVAL_MS),
    };
    await Promise.all([0, 1, 2].map(() => spawn(watched)));
    const failovers: number[] = [];
    const stuck: string[] = [];
    for (let run = 0; run < FAILOVERS; run++) {
      try {
        failovers.push(await failoverOnce(probe, bffs));
      } catch (err) {
        // Said in the row rather than losing the phase's other figures.
        stuck.push(err instanceof Error ? err.message : String(err));
      }
      await spawn(watched);
    }
    failovers.sort((x, y) => x - y);
    const median = percentile(failovers, 50);
    rows.push({
      measure: `multi: failover of a watched room after SIGKILL, median of ${FAILOVERS} (interval ${INTERVAL_MS} ms, lease 3 intervals)`,
      value: `${(median / 1000).toFixed(2)} s (${failovers.map((ms) => (ms / 1000).toFixed(1)).join(', ')})${stuck.length > 0 ? `; not moved: ${stuck.join('; ')}` : ''}`,
      target: `≤ ${(4 * INTERVAL_MS) / 1000} s (lease + one poll)`,
      met: median <= 4 * INTERVAL_MS && stuck.length === 0,
    });
    return rows;
  } finally {
    probe.disconnect();
    await Promise.allSettled(bffs.map((bff) => bff.stop()));
    await simulator.close();
    await twin.close();
    await redis.dispose();
    await postgres.destroy();
  }
}
