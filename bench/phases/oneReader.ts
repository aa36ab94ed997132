import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { percentile, type BenchContext, type Row } from './context';

/**
 * `npm run bench -- one-reader`: the demo as a newcomer runs it (every vendor simulated, the
 * simulators pushing, history on), asked what §13 of the design promises: the overview and every
 * watched room answered from the watcher, never by waiting on a vendor, and a change answered to
 * a held request (long poll) as soon as the watcher sees it.
 *
 * After SETTLE_MS: GET /api/rooms READS times in a row (p95); every room the overview lists read
 * once (its first read), then ROUNDS rounds over them all (p95 per vendor); then SAMPLES changes
 * each of a pushed vendor (Tencent's recording, which it calls back on) and a polled one
 * (ProCONF's), each timed from the simulator's change to the 200 of a request held with
 * If-None-Match + Prefer: wait=25 (the time to the page's data; the browser test
 * test/e2e/long-poll.e2e.ts measures the same to the screen).
 */
const SETTLE_MS = 30_000;
const READS = 200;
const ROUNDS = 30;
const SAMPLES = 15;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sortedOf = (values: number[]) => [...values].sort((a, b) => a - b);

interface Demo {
  url: string;
  simulator: string;
  stop(): Promise<void>;
}

function bundle(): string {
  const root = resolve(import.meta.dirname, '../..');
  const out = '.build/bench-demo.mjs';
  execFileSync(
    resolve(root, 'node_modules/.bin/esbuild'),
    ['server/main.ts', '--bundle', '--platform=node', '--format=esm', '--packages=external', '--target=node20', `--outfile=${out}`, '--log-level=warning'],
    { cwd: root, stdio: 'inherit' },
  );
  return resolve(root, out);
}

async function startDemo(secret: string): Promise<Demo> {
  const file = bundle();
  const dataDir = mkdtempSync(join(tmpdir(), 'roomwatch-bench-demo-'));
  const child = spawn(process.execPath, [file], {
    cwd: resolve(import.meta.dirname, '../..'),
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      SIMULATOR: 'on',
      SIMULATOR_PORT: '0',
      DATA_DIR: dataDir,
      AUTH_JWT_SECRET: secret,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_USER_PER_MIN: '1000000000',
      RATE_LIMIT_IP_PER_MIN: '1000000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 30_000;
  let match: RegExpExecArray | null = null;
  while (!(match = /listening on (http:\/\/\S+)[\s\S]*simulated at (http:\/\/\S+)/.exec(output))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the demo did not start:\n${output}`);
    await sleep(50);
  }
  return {
    url: match[1] ?? '',
    simulator: match[2] ?? '',
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => {
          rmSync(dataDir, { recursive: true, force: true });
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}

async function timed(url: string, token: string, headers: Record<string, string> = {}): Promise<{ ms: number; status: number; etag: string | null; body: unknown }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, ...headers } });
  const body: unknown = response.status === 200 ? await response.json() : undefined;
  return { ms: performance.now() - started, status: response.status, etag: response.headers.get('etag'), body };
}

const recordingOf = (body: unknown): string | undefined => (body as { data?: { recording?: string } } | undefined)?.data?.recording;

/** Flips the room's recording at the simulator and times the answer of a request held for the change. */
async function changeToAnswer(demo: Demo, token: string, path: string, control: string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    // A random phase, so the samples do not lock onto the watcher's polling rhythm.
    await sleep(Math.random() * 2000);
    const now = await timed(`${demo.url}${path}`, token);
    const on = recordingOf(now.body) !== 'on';
    const held = timed(`${demo.url}${path}`, token, { 'if-none-match': now.etag ?? '', prefer: 'wait=25' });
    await sleep(50);
    const changedAt = performance.now();
    const res = await fetch(`${demo.simulator}${control}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ recording: on }) });
    await res.arrayBuffer();
    const answer = await held;
    if (answer.status === 200 && recordingOf(answer.body) === (on ? 'on' : 'off')) samples.push(performance.now() - changedAt);
  }
  return samples;
}

export async function oneReader(ctx: BenchContext, secret: string): Promise<Row[]> {
  const demo = await startDemo(secret);
  try {
    await sleep(SETTLE_MS);
    const rooms: number[] = [];
    for (let i = 0; i < READS; i += 1) rooms.push((await timed(`${demo.url}/api/rooms`, ctx.token)).ms);
    const listed = ((await timed(`${demo.url}/api/rooms`, ctx.token)).body as { data: { provider: string; callId: string }[] }).data;
    for (const room of listed) await timed(`${demo.url}/api/calls/${room.provider}/${encodeURIComponent(room.callId)}`, ctx.token);
    const perVendor = new Map<string, number[]>();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const room of listed) {
        const read = await timed(`${demo.url}/api/calls/${room.provider}/${encodeURIComponent(room.callId)}`, ctx.token);
        perVendor.set(room.provider, [...(perVendor.get(room.provider) ?? []), read.ms]);
      }
    }
    const tencent = listed.find((room) => room.provider === 'tencent');
    const pushed = tencent ? await changeToAnswer(demo, ctx.token, `/api/calls/tencent/${tencent.callId}`, `/__sim/tencent/calls/${tencent.callId}`) : [];
    const polled = await changeToAnswer(demo, ctx.token, '/api/calls/proconf/all-hands', '/__sim/proconf/rooms/all-hands');

    const roomsP95 = percentile(sortedOf(rooms), 95);
    const rows: Row[] = [{ measure: `demo GET /api/rooms p95 after ${SETTLE_MS / 1000} s (${READS} reads)`, value: `${roomsP95.toFixed(1)} ms`, target: '< 100 ms', met: roomsP95 < 100 }];
    for (const [vendor, reads] of perVendor) {
      const p95 = percentile(sortedOf(reads), 95);
      rows.push({ measure: `demo watched ${vendor} room snapshot p95 (${reads.length} reads)`, value: `${p95.toFixed(1)} ms`, target: '< 50 ms', met: p95 < 50 });
    }
    const pushedMedian = percentile(sortedOf(pushed), 50);
    const polledMedian = percentile(sortedOf(polled), 50);
    rows.push({ measure: `change to held answer, pushed (Tencent), median of ${pushed.length}`, value: `${(pushedMedian / 1000).toFixed(2)} s`, target: '≤ 0.5 s', met: pushedMedian <= 500 });
    // The change lands uniformly between two of the watcher's 2 s polls: a median near 1.0 s, and
    // a median of 15 such samples spreads by about ±0.26 s (docs/bench.md), so the mean is shown too.
    const polledMean = polled.reduce((a, b) => a + b, 0) / Math.max(1, polled.length);
    rows.push({ measure: `change to held answer, polled (ProCONF), median of ${polled.length} (mean ${(polledMean / 1000).toFixed(2)} s, max ${(Math.max(0, ...polled) / 1000).toFixed(2)} s)`, value: `${(polledMedian / 1000).toFixed(2)} s`, target: '≤ 1.2 s', met: polledMedian <= 1200 });
    return rows;
  } finally {
    await demo.stop();
  }
}
