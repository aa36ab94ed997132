import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import type { CallSnapshot } from '../../src/contract/snapshot';
import type { ProviderId } from '../../src/contract/ids';
import { loadConfig } from '../../server/config';
import { openDatabase } from '../../server/db';
import { historyRepository } from '../../server/history/repository';
import type { RoomRef } from '../../src/contract/roomAccess';
import { startRoomwatch, type Running } from '../../server/start';
import { roomSources } from '../../server/watch/sources';
import { createWatcher } from '../../server/watch/watcher';
import type { Row } from './context';

const INTERVAL_MS = 2000;
const WARM_UP_MS = 6000;
const WINDOW_MS = 24_000;
const LATENCY_SAMPLES = 15;
const PUSH_VENDORS: readonly ProviderId[] = ['bandwidth', 'cometchat', 'tencent'];
const ROOT = resolve(import.meta.dirname, '../..');
const silent = { info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The demo as `npm run serve` starts it (simulator ticking, demo sign-in), push on or off. */
async function demo(push: boolean): Promise<Running> {
  // HISTORY=off: the phase runs its own watcher on a temporary store, and never writes ./data.
  const loaded = loadConfig({ PORT: '0', HOST: '127.0.0.1', SIMULATOR_PORT: '0', LOG_LEVEL: 'warn', HISTORY: 'off' });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  return startRoomwatch(loaded.config, { simulatorTickMs: 1000, demoPush: push, distDir: resolve(ROOT, 'dist') });
}

/**
 * The watcher over the demo's rooms of the vendors that push, as the lead's wiring will run it
 * (one store, refresh on push, 3× slower polling while push is healthy); counts every request
 * the simulated vendors logged for a window, per room per minute.
 */
async function requestsPerRoomPerMinute(running: Running): Promise<{ perRoomMinute: number; rooms: number }> {
  const sim = running.simulator;
  if (!sim) throw new Error('the demo has a simulator');
  const dir = await mkdtemp(join(tmpdir(), 'roomwatch-bench-push-'));
  const database = await openDatabase({ dataDir: dir, databaseUrl: undefined });
  const store = historyRepository(database);
  const sources = roomSources(running.providers, sim.unlistedDemoCalls());
  const rooms = (await sources.listRooms()).filter((r) => PUSH_VENDORS.includes(r.provider));
  const health = running.push?.health;
  const watcher = createWatcher({
    store,
    settings: { intervalMs: INTERVAL_MS, idleMs: 3600_000, maxRooms: 500, listEveryMs: 3600_000, catchUpEveryMs: 3600_000, persistEveryMs: 30_000 },
    logger: silent,
    getSnapshot: sources.getSnapshot,
    listRooms: async () => rooms,
    ...(health ? { intervalOf: (room: RoomRef, base: number) => health.intervalFor(room.provider, base) } : {}),
  });
  running.push?.setRefresh((room) => watcher.refresh(room));
  await watcher.start();
  await sleep(WARM_UP_MS);
  sim.requests.clear();
  await sleep(WINDOW_MS);
  const count = PUSH_VENDORS.reduce((sum, vendor) => sum + sim.requests.all(vendor).length, 0);
  await watcher.close();
  await database.close();
  await rm(dir, { recursive: true, force: true });
  return { perRoomMinute: count / rooms.length / (WINDOW_MS / 60_000), rooms: rooms.length };
}

/** Every card the demo overview shows: the listed rooms and the pinned ones of vendors that cannot list. */
async function cards(running: Running): Promise<CallSnapshot[]> {
  const sim = running.simulator;
  if (!sim) throw new Error('the demo has a simulator');
  const rooms = await roomSources(running.providers, sim.unlistedDemoCalls()).listRooms();
  const live = rooms.filter((room, i) => rooms.findIndex((r) => r.provider === room.provider && r.callId === room.callId) === i);
  const read = await Promise.allSettled(live.map((room) => running.providers.get(room.provider)?.getSnapshot(room.callId)));
  return read.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : [])).filter((s) => s.state !== 'ended');
}

const share = (snapshots: CallSnapshot[], field: 'recording' | 'transcription', bandwidthUnknown = false) =>
  snapshots.filter((s) => s[field] === 'unknown' || (bandwidthUnknown && s.provider === 'bandwidth')).length / snapshots.length;

/** Median ms from a change at the simulator to the room page's recording indicator showing it. */
async function changeToIndicator(running: Running, page: Page, path: string, change: (on: boolean) => Promise<void>): Promise<{ median: number; n: number }> {
  if (!running.signInUrl) throw new Error('the demo signs in with a link');
  await page.goto(running.signInUrl);
  await page.goto(`${running.url}${path}`);
  const indicator = page.locator('.big-flags .indicator').first();
  await indicator.waitFor();
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i += 1) {
    // A random phase, so the samples do not lock onto the browser's 2 s polling rhythm.
    await sleep(Math.random() * 2000);
    const current = await indicator.getAttribute('data-state');
    const target = current === 'on' ? 'off' : 'on';
    // A string, not a function: tsx would add its own helpers to a function's source, which the page lacks.
    const shown = page.evaluate(`new Promise((done) => {
      const ok = () => document.querySelector('.big-flags .indicator')?.getAttribute('data-state') === ${JSON.stringify(target)};
      const observer = new MutationObserver(() => { if (ok()) { observer.disconnect(); done(Date.now()); } });
      observer.observe(document.body, { subtree: true, attributes: true, childList: true });
      setTimeout(() => { observer.disconnect(); done(null); }, 10000);
    })`) as Promise<number | null>;
    const changedAt = Date.now();
    await change(target === 'on');
    const at = await shown;
    if (at !== null) samples.push(at - changedAt);
  }
  const sorted = samples.sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN, n: sorted.length };
}

async function post(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`simulator control ${url}: ${res.status}`);
}

/**
 * Vendor push: upstream requests per watched room per minute with push healthy against polling
 * only; the share of demo cards still `unknown` for recording and transcription; and, when the
 * UI is built and Chromium is there, change-to-indicator in the browser with push (a Tencent
 * recording change, known only through its callback) next to polling (a ProCONF one).
 */
export async function pushPhase(): Promise<Row[]> {
  const rows: Row[] = [];
  const off = await demo(false);
  let before: CallSnapshot[];
  let polled: { perRoomMinute: number; rooms: number };
  try {
    polled = await requestsPerRoomPerMinute(off);
    before = await cards(off);
  } finally {
    await off.close();
  }
  const on = await demo(true);
  try {
    const pushed = await requestsPerRoomPerMinute(on);
    const after = await cards(on);
    rows.push({
      measure: `push: upstream requests per watched room per minute (${pushed.rooms} push-vendor rooms, ${INTERVAL_MS / 1000} s interval)`,
      value: `${pushed.perRoomMinute.toFixed(1)} with push vs ${polled.perRoomMinute.toFixed(1)} polling only (×${(pushed.perRoomMinute / polled.perRoomMinute).toFixed(2)})`,
      target: 'fewer with push',
      met: pushed.perRoomMinute < polled.perRoomMinute,
    });
    const pct = (x: number) => `${Math.round(x * 100)} %`;
    rows.push({
      measure: `push: demo cards still unknown, recording / transcription (${after.length} cards)`,
      value: `before ${pct(share(before, 'recording', true))} / ${pct(share(before, 'transcription', true))}; push off ${pct(share(before, 'recording'))} / ${pct(share(before, 'transcription'))}; push on ${pct(share(after, 'recording'))} / ${pct(share(after, 'transcription'))}`,
      target: 'fewer unknown',
      met: share(after, 'recording') < share(before, 'recording', true),
    });

    const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
    if (!existsSync(resolve(ROOT, 'dist/index.html')) || !existsSync(chromiumPath)) {
      rows.push({ measure: 'push: change-to-indicator in Chromium', value: 'skipped (run `npm run build`; needs Chromium)', target: '≤ 1000 ms median', met: null });
      return rows;
    }
    const sim = on.simulator;
    const tencentCall = sim?.unlistedDemoCalls().find((c) => c.provider === 'tencent');
    if (!sim || !tencentCall) throw new Error('demo Tencent call missing');
    const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await (await browser.newContext()).newPage();
      const viaPush = await changeToIndicator(on, page, `/rooms/tencent/${tencentCall.callId}`, (rec) =>
        post(`${sim.origin}/__sim/tencent/calls/${tencentCall.callId}`, { recording: rec }),
      );
      const viaPoll = await changeToIndicator(on, page, '/rooms/proconf/all-hands', (rec) =>
        post(`${sim.origin}/__sim/proconf/rooms/all-hands`, { recording: rec }),
      );
      rows.push({
        measure: `push: change-to-indicator in Chromium, median (push n=${viaPush.n}, polling n=${viaPoll.n})`,
        value: `${viaPush.median} ms with push (Tencent) vs ${viaPoll.median} ms polling (ProCONF)`,
        target: '≤ 1000 ms median',
        met: viaPush.median <= 1000,
      });
    } finally {
      await browser.close();
    }
  } finally {
    await on.close();
  }
  return rows;
}
