import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { startChild, type Child } from './ipc';
import type { BenchContext, Row, SimReady } from './phases/context';
import { alerts } from './phases/alerts';
import { fanIn } from './phases/fanIn';
import { metricsPhase, type BffReady } from './phases/metrics';
import { missAndMemory } from './phases/missAndMemory';
import { multi } from './phases/multi';
import { outage } from './phases/outage';
import { pushPhase } from './phases/push';
import { signin } from './phases/signin';
import { throughput } from './phases/throughput';

/**
 * `npm run bench`: the simulator, the BFF and a bare node:http server as separate processes
 * on loopback; autocannon and undici load them from this process. Every phase is bounded in
 * time and count; the whole run is stopped if it passes MAX_RUN_MS.
 */
/** A full run takes about 16 minutes on 2 cores (the phases' own times added up, docs/bench.md). */
const MAX_RUN_MS = 1_800_000;
const SECRET = 'bench-secret-0123456789abcdef0123456789';
const COOLDOWN_MS = 2000;
const CACHE_MAX = 5000;
const TUNED_HEAP_FLAGS = ['--max-semi-space-size=2', '--max-old-space-size=96'];
/**
 * The figures come from the first run: history on (as production runs by default, so a
 * first read also starts watching the room), Node's default heap. The second shows what history
 * costs; the third the two V8 heap flags README suggests for small hosts.
 */
const MEMORY_RUNS = [
  { label: 'history on, default V8 heap', history: true, flags: [], latencyRows: true, target: true },
  { label: 'history off, default V8 heap', history: false, flags: [], latencyRows: true, target: false },
  { label: `history on, ${TUNED_HEAP_FLAGS.join(' ')}`, history: true, flags: TUNED_HEAP_FLAGS, latencyRows: false, target: false },
];

const children: Child<unknown>[] = [];
const stopAll = () => Promise.all(children.map((c) => c.stop()));
const watchdog = setTimeout(() => {
  process.stderr.write(`bench: still running after ${MAX_RUN_MS / 1000} s, stopping\n`);
  void stopAll().finally(() => process.exit(1));
}, MAX_RUN_MS);
watchdog.unref();

async function start<R>(file: string, env: Record<string, string> = {}, nodeFlags: string[] = []): Promise<Child<R>> {
  const child = await startChild<R>(file, env, nodeFlags);
  children.push(child as Child<unknown>);
  return child;
}

function bffEnv(sim: SimReady, extra: Record<string, string>): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    SIMULATOR: 'off',
    PROCONF_ADMIN_URL: sim.proconfUrl,
    PROCONF_ADMIN_TOKEN: sim.proconfToken,
    AUTH_JWT_SECRET: SECRET,
    // warn: the default `info` writes two request lines per poll; production runs at warn or ships them.
    LOG_LEVEL: 'warn',
    // The load comes from one address with one token standing in for hundreds of browsers: the
    // per-client limits stay on (their cost is measured) but high enough never to trigger.
    RATE_LIMIT_USER_PER_MIN: '1000000000',
    RATE_LIMIT_IP_PER_MIN: '1000000000',
    // These phases measure the request path alone; the history phase turns watching on itself.
    HISTORY: 'off',
    ...extra,
  };
}

function printTable(rows: Row[]): void {
  const header = { measure: 'measure', value: 'value', target: 'target', met: 'met' };
  const lines = rows.map((r) => ({ ...r, met: r.met === null ? '—' : r.met ? 'yes' : 'NO' }));
  const width = (key: keyof typeof header) => Math.max(header[key].length, ...lines.map((l) => l[key].length));
  const fmt = (l: typeof header) =>
    `| ${l.measure.padEnd(width('measure'))} | ${l.value.padEnd(width('value'))} | ${l.target.padEnd(width('target'))} | ${l.met.padEnd(width('met'))} |`;
  const rule = `|${'-'.repeat(width('measure') + 2)}|${'-'.repeat(width('value') + 2)}|${'-'.repeat(width('target') + 2)}|${'-'.repeat(width('met') + 2)}|`;
  process.stdout.write(`${[fmt(header), rule, ...lines.map(fmt)].join('\n')}\n`);
}

/**
 * The BFF runs as production runs it: bundled JavaScript under plain node (see `npm run build`),
 * not TypeScript through tsx, whose loader thread and compiled sources would add ~35 MB of RSS.
 */
function bundleBffChild(): string {
  const root = resolve(import.meta.dirname, '..');
  const out = '.build/bench-bff.mjs';
  execFileSync(
    resolve(root, 'node_modules/.bin/esbuild'),
    ['bench/bffChild.ts', '--bundle', '--platform=node', '--format=esm', '--packages=external', '--target=node20', `--outfile=${out}`, '--log-level=warning'],
    { cwd: root, stdio: 'inherit' },
  );
  return `../${out}`;
}

/**
 * The node flags `npm run serve` runs the BFF with (package.json is their one source): the bench's
 * BFFs get them, and so do the servers it compares them with, so every process runs alike.
 */
function serveFlags(): string[] {
  const root = resolve(import.meta.dirname, '..');
  const pkg = z.object({ scripts: z.object({ serve: z.string() }) }).parse(JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')));
  return pkg.scripts.serve.split(/\s+/).filter((word) => word.startsWith('--'));
}

async function main(): Promise<void> {
  const started = Date.now();
  // As server/main.ts: the AWS SDK's Node 22 notice (the alerts phase runs the server in this process).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const runtimeFlags = serveFlags();
  const bffFile = bundleBffChild();
  const log = (what: string) => process.stderr.write(`bench: ${what} (${Math.round((Date.now() - started) / 1000)} s)\n`);
  const token = await new SignJWT({ role: 'moderator' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench')
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(SECRET));

  const sim = await start<SimReady>('simChild.ts');
  await sim.call('rooms', { prefix: 'fan-', from: 0, to: 50 });
  // `npm run bench -- outage memory` runs only the named phases (for working on one).
  const only = new Set(process.argv.slice(2));
  const wanted = (phase: string) => only.size === 0 || only.has(phase);

  const rows: Row[] = [];
  // BENCH_CPU_PROF=<dir>: the BFF of the first phases (and the bare server), and each BFF of the memory phase, write a V8 CPU profile there when they stop
  // (open it in Chrome DevTools or speedscope); what to optimise comes from it, not from guesses.
  const profDir = process.env.BENCH_CPU_PROF;
  const childFlags = [...runtimeFlags, ...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profDir)}`] : [])];
  const bff = await start<{ url: string }>(
    bffFile,
    bffEnv(sim.ready, { UPSTREAM_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS) }),
    childFlags,
  );
  const ctx: BenchContext = { sim, token, nodeFlags: childFlags };
  if (wanted('fan-in')) {
    log('fan-in');
    rows.push(...(await fanIn(ctx, bff.ready.url)));
  }
  if (wanted('throughput')) {
    log('throughput');
    rows.push(...(await throughput(ctx, bff, bff.ready.url)));
  }
  if (wanted('outage')) {
    log('outage');
    rows.push(...(await outage(ctx, bff.ready.url, COOLDOWN_MS)));
  }
  await bff.stop();
  if (wanted('metrics')) {
    log('metrics on/off');
    rows.push(...(await metricsPhase(ctx, { env: (extra) => bffEnv(sim.ready, extra), start: (env) => start<BffReady>(bffFile, env, runtimeFlags) })));
  }

  if (wanted('one-reader')) rows.push(...(await (await import('./phases/oneReader')).oneReader(ctx, SECRET)));
  if (wanted('history')) rows.push(...(await (await import('./phases/history')).history(ctx, SECRET)));
  if (wanted('assurance')) rows.push(...(await (await import('./phases/assurance')).assurance()));
  if (wanted('memory')) {
    // Fresh BFF processes (each with its own history database), so the numbers are the rooms' and
    // not the earlier phases'; bundled under plain node as `npm start` runs it.
    await sim.call('rooms', { prefix: 'mem-', from: 0, to: 20_000 });
    // BENCH_MEMORY_RUNS=1: only the judged run (history on, default heap), for quicker comparisons.
    for (const run of MEMORY_RUNS.slice(0, Number(process.env.BENCH_MEMORY_RUNS ?? MEMORY_RUNS.length))) {
      log(`first reads and memory, ${run.label}`);
      const dataDir = mkdtempSync(join(tmpdir(), 'roomwatch-bench-memory-'));
      const env = bffEnv(sim.ready, {
        UPSTREAM_CACHE_MAX_ENTRIES: String(CACHE_MAX),
        HISTORY: run.history ? 'on' : 'off',
        ...(run.history ? { DATA_DIR: dataDir } : {}),
      });
      try {
        const fresh = await start<{ url: string }>(bffFile, env, ['--expose-gc', ...run.flags, ...childFlags]);
        rows.push(...(await missAndMemory(ctx, fresh, { label: run.label, cacheMax: CACHE_MAX, latencyRows: run.latencyRows, target: run.target })));
        await fresh.stop();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  }
  if (wanted('push')) {
    log('push');
    rows.push(...(await pushPhase()));
  }
  if (wanted('alerts')) rows.push(...(await alerts(token, SECRET)));
  if (wanted('multi')) rows.push(...(await multi()));
  if (wanted('signin')) rows.push(...(await signin()));
  log('done');

  await stopAll();
  process.stdout.write(`\nroomwatch bench — ${new Date().toISOString()}, ${Math.round((Date.now() - started) / 1000)} s, node ${process.version}\n\n`);
  printTable(rows);
}

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    await stopAll();
    process.exit(1);
  },
);
