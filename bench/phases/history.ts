import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import type { WatchStatus } from '../../server/watch/watcher';
import { startPostgres } from '../../test/support/postgresServer';
import { startChild, type Child } from '../ipc';
import type { BenchContext, Row } from './context';
import { evidenceSigningKey } from '../../test/support/evidenceKey';

/**
 * `npm run bench -- history`: the watcher and the store under 500 watched rooms that keep
 * changing. The rooms are the bench simulator's ProCONF world (its own process), filled up to
 * 500 live rooms; for CHURN_MS the phase flips recording in CHANGES_PER_S random rooms a second
 * through the simulator's control route, as hosts pressing the button would. Once with SQLite,
 * once with a private PostgreSQL (Debian's package, temp dir, free port, fsync on as shipped).
 * Then cached /callStatus throughput of a BFF watching those rooms against one with HISTORY=off,
 * in alternating rounds with the idle one stopped (SIGSTOP), so neither steals the other's CPU.
 */
const ROOMS = 500;
const CHURN_MS = 60_000;
const CHANGES_PER_S = 50;
const TICK_MS = 100;
const CONNECTIONS = 50;
const ROUND_S = 3;
const ROUNDS = 3;
const MB = 1024 * 1024;
const SETTLE_MS = 3000;

interface ChildStatus {
  watch: WatchStatus | null;
  eventsWritten: number;
  storeBytes: number;
  rss: number;
  pid: number;
}

type BffChild = Child<{ url: string }>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** The phase's BFF bundled like run.ts bundles its own: plain node, no tsx loader in the RSS. */
function bundle(): string {
  const root = resolve(import.meta.dirname, '../..');
  const out = '.build/bench-history-bff.mjs';
  execFileSync(
    resolve(root, 'node_modules/.bin/esbuild'),
    ['bench/phases/historyBffChild.ts', '--bundle', '--platform=node', '--format=esm', '--packages=external', '--target=node20', `--outfile=${out}`, '--log-level=warning'],
    { cwd: root, stdio: 'inherit' },
  );
  return `../${out}`;
}

function env(ctx: BenchContext, secret: string, extra: Record<string, string>): Record<string, string> {
  return {
    SIMULATOR: 'off',
    PROCONF_ADMIN_URL: ctx.sim.ready.proconfUrl,
    PROCONF_ADMIN_TOKEN: ctx.sim.ready.proconfToken,
    AUTH_JWT_SECRET: secret,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_USER_PER_MIN: '1000000000',
    RATE_LIMIT_IP_PER_MIN: '1000000000',
    WATCH_MAX_ROOMS: String(ROOMS * 2),
    ...extra,
  };
}

async function waitWatching(bff: BffChild, rooms: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const status = await bff.call<ChildStatus>('status');
    if ((status.watch?.watching ?? 0) >= rooms && (status.watch?.writes ?? 0) >= rooms) return;
    await sleep(500);
  }
  throw new Error(`the watcher did not take up ${rooms} rooms in 30 s`);
}

/** Flips recording in CHANGES_PER_S random rooms a second for CHURN_MS; returns how many changes were made. */
async function churn(ctx: BenchContext, names: readonly string[], sampleRss: () => Promise<void>): Promise<number> {
  const state = new Map<string, boolean>();
  let changes = 0;
  let seed = 12345;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const end = Date.now() + CHURN_MS;
  let lastSample = 0;
  while (Date.now() < end) {
    const tick = Date.now();
    const batch = Array.from({ length: (CHANGES_PER_S * TICK_MS) / 1000 }, () => names[Math.floor(next() * names.length)] ?? '');
    await Promise.all(
      batch.map(async (name) => {
        const on = !(state.get(name) ?? false);
        state.set(name, on);
        const response = await fetch(`${ctx.sim.ready.origin}/__sim/proconf/rooms/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ recording: on }),
        });
        await response.arrayBuffer();
        if (response.ok) changes += 1;
      }),
    );
    if (tick - lastSample >= 1000) {
      lastSample = tick;
      await sampleRss();
    }
    await sleep(Math.max(0, TICK_MS - (Date.now() - tick)));
  }
  return changes;
}

async function storeRun(ctx: BenchContext, secret: string, names: readonly string[], file: string, label: string, storeEnv: Record<string, string>): Promise<{ rows: Row[]; bff: BffChild }> {
  const bff = await startChild<{ url: string }>(file, env(ctx, secret, { HISTORY: 'on', ...storeEnv }));
  await waitWatching(bff, ROOMS);
  const before = await bff.call<ChildStatus>('status');
  const requestsBefore = await ctx.sim.call<number>('count', {});
  let maxRss = before.rss;
  const started = Date.now();
  const changes = await churn(ctx, names, async () => {
    maxRss = Math.max(maxRss, (await bff.call<ChildStatus>('status')).rss);
  });
  const seconds = (Date.now() - started) / 1000;
  const after = await bff.call<ChildStatus>('status');
  const requests = (await ctx.sim.call<number>('count', {})) - requestsBefore;
  const watched = after.watch?.watching ?? 0;
  const roomHours = (watched * seconds) / 3600;
  const eventsPerS = (after.eventsWritten - before.eventsWritten) / seconds;
  const p99 = after.watch?.writeP99Ms ?? Number.NaN;
  const perRoomMinute = requests / watched / (seconds / 60);
  const failures = after.watch?.writeFailures ?? 0;
  return {
    bff,
    rows: [
      {
        measure: `history ${label}: events written/s (${watched} rooms watched, ${changes} recording flips at the vendor in ${Math.round(seconds)} s)`,
        value: eventsPerS.toFixed(1),
        target: '—',
        met: null,
      },
      {
        measure: `history ${label}: store write p99 (last ${Math.min(2048, after.watch?.writes ?? 0)} writes; ${failures} failed)`,
        value: `${p99.toFixed(1)} ms`,
        target: '—',
        met: failures === 0 ? null : false,
      },
      {
        measure: `history ${label}: RSS of the watching BFF (max of 1 s samples)`,
        value: `${(maxRss / MB).toFixed(0)} MB`,
        target: '< 200 MB',
        met: maxRss < 200 * MB,
      },
      {
        measure: `history ${label}: store bytes per room-hour (growth over the run)`,
        value: `${Math.round((after.storeBytes - before.storeBytes) / roomHours)} B`,
        target: '—',
        met: null,
      },
      {
        measure: `history ${label}: upstream requests per watched room per minute (status every 2 s, catch-up every 10 s, listing)`,
        value: perRoomMinute.toFixed(1),
        target: '≤ 36 (one viewer)',
        met: perRoomMinute <= 36,
      },
    ],
  };
}

async function rps(url: string, token: string, seconds: number): Promise<{ rps: number; failed: number }> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: { authorization: `Bearer ${token}` } });
  return { rps: result.requests.average, failed: result.non2xx + result.errors };
}

/** Cached /callStatus, watcher on ÷ off, alternating rounds with the other BFF stopped. */
async function throughputRatio(ctx: BenchContext, secret: string, file: string, on: BffChild): Promise<Row> {
  const off = await startChild<{ url: string }>(file, env(ctx, secret, { HISTORY: 'off' }));
  const pid = async (child: BffChild) => (await child.call<ChildStatus>('status')).pid;
  const pids = { on: await pid(on), off: await pid(off) };
  const path = '/callStatus?roomName=standup';
  let failed = 0;
  const measure = async (which: 'on' | 'off', seconds: number) => {
    const other = which === 'on' ? pids.off : pids.on;
    process.kill(other, 'SIGSTOP');
    try {
      // The measured one was stopped during the other's round: its overdue polls fire at once on
      // SIGCONT. Let that catch-up pass, so the round sees the steady state.
      await sleep(SETTLE_MS);
      const result = await rps(`${(which === 'on' ? on : off).ready.url}${path}`, ctx.token, seconds);
      failed += result.failed;
      return result.rps;
    } finally {
      process.kill(other, 'SIGCONT');
    }
  };
  try {
    await measure('on', 1);
    await measure('off', 1);
    const onRounds: number[] = [];
    const offRounds: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      onRounds.push(await measure('on', ROUND_S));
      offRounds.push(await measure('off', ROUND_S));
    }
    const ratio = median(onRounds) / median(offRounds);
    return {
      measure: `history: cached /callStatus with the watcher on (${ROOMS} rooms, SQLite) ÷ off (median of ${ROUNDS} alternating rounds: ${Math.round(median(onRounds))} vs ${Math.round(median(offRounds))} req/s; ${failed} non-2xx)`,
      value: ratio.toFixed(2),
      target: '≥ 0.9',
      met: ratio >= 0.9 && failed === 0,
    };
  } finally {
    await off.stop();
  }
}

/** `secret`: the AUTH_JWT_SECRET that ctx.token is signed with. */
export async function history(ctx: BenchContext, secret: string): Promise<Row[]> {
  const file = bundle();
  // The world is frozen; all its rooms are live but the demo's one ended room: fill up to ROOMS.
  const live = (await ctx.sim.call<number>('rooms', { prefix: 'hist-', from: 0, to: 0 })) - 1;
  const names = Array.from({ length: ROOMS - live }, (_, i) => `hist-${i}`);
  await ctx.sim.call('rooms', { prefix: 'hist-', from: 0, to: names.length });
  const rows: Row[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'roomwatch-bench-history-'));
  try {
    const sqlite = await storeRun(ctx, secret, names, file, 'SQLite', { DATA_DIR: dataDir });
    rows.push(...sqlite.rows);
    rows.push(await throughputRatio(ctx, secret, file, sqlite.bff));
    await sqlite.bff.stop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const postgres = await startPostgres();
  try {
    const url = await postgres.createDatabase('bench_history');
    const run = await storeRun(ctx, secret, names, file, 'PostgreSQL', { DATABASE_URL: url, EVIDENCE_SIGNING_KEY: evidenceSigningKey() });
    rows.push(...run.rows);
    await run.bff.stop();
  } finally {
    await postgres.destroy();
  }
  return rows;
}
