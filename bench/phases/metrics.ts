import { Writable } from 'node:stream';
import autocannon from 'autocannon';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../server/config';
import { startRoomwatch, type Running } from '../../server/start';
import type { Child } from '../ipc';
import type { BenchContext, Row } from './context';
import { kilo, median, round, type Round } from './throughput';

const WARM_S = 2;
const ROUND_S = 2;
// Many short pairs: the two BFFs differ by a few per cent at most, far less than a busy
// neighbour swings one round, so each pair is compared on its own and the median pair counts.
const PAIRS_PER_ORDER = 10;
/** Into each round of the BFF with metrics, one scrape: about seven times Prometheus's default 15 s interval. */
const SCRAPE_AFTER_MS = 1000;
/** Fixed-rate rounds: a load both BFFs carry with room to spare, so CPU per answer is compared at equal work. */
const FIXED_RATE = 1000;
const FIXED_ROUND_S = 2;
const FIXED_PAIRS_PER_ORDER = 6;
/** In-process: requests per batch, and batch pairs. */
const INJECTS = 3000;
const INJECT_PAIRS = 15;

export interface BffReady {
  url: string;
  metricsUrl?: string;
}

export interface MetricsPhaseDeps {
  /** The environment run.ts gives a BFF, with `extra` over it. */
  env(extra: Record<string, string>): Record<string, string>;
  /** Starts a BFF child process (bundled, as production runs it) with that environment. */
  start(env: Record<string, string>): Promise<Child<BffReady>>;
}

interface Pair {
  on: Round;
  off: Round;
}

interface CpuPair {
  on: number;
  off: number;
}

interface CpuUsage {
  user: number;
  system: number;
}

/** CPU per answer (µs) of `server` under a fixed request rate. */
async function fixedRateRound(server: Child<unknown>, url: string, headers: Record<string, string>): Promise<number> {
  const before = await server.call<CpuUsage>('cpu');
  const result = await autocannon({ url, connections: 20, duration: FIXED_ROUND_S, overallRate: FIXED_RATE, headers });
  const after = await server.call<CpuUsage>('cpu');
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`metrics phase: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return (after.user - before.user + after.system - before.system) / Math.max(1, result.requests.total);
}

/** Every /callStatus 200 the registry has counted, from the text format. */
async function countedCallStatus(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const line = text.split('\n').find((l) => l.startsWith('roomwatch_http_requests_total{') && l.includes('route="/callStatus"') && l.includes('status="200"'));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

/**
 * One side-by-side run: the two BFFs started in the given order (the process started second
 * was seen to spend more CPU per answer even when both were alike, so run() does both orders),
 * then adjacent rounds on each, the order within a pair swapped every pair.
 */
async function pairsOver(ctx: BenchContext, deps: MetricsPhaseDeps, onFirst: boolean): Promise<{ pairs: Pair[]; cpu: CpuPair[] }> {
  const path = '/callStatus?roomName=standup';
  const headers = { authorization: `Bearer ${ctx.token}` };
  const first = await deps.start(deps.env(onFirst ? { METRICS_PORT: '0' } : {}));
  const second = await deps.start(deps.env(onFirst ? {} : { METRICS_PORT: '0' }));
  const [on, off] = onFirst ? [first, second] : [second, first];
  try {
    const metricsUrl = on.ready.metricsUrl;
    if (!metricsUrl || off.ready.metricsUrl) throw new Error('metrics phase: expected one BFF with a metrics listener and one without');
    const offTarget = `${off.ready.url}${path}`;
    const onTarget = `${on.ready.url}${path}`;
    await round(off, offTarget, headers, WARM_S);
    await round(on, onTarget, headers, WARM_S);
    const countedBefore = await countedCallStatus(metricsUrl);
    const measureOn = async () => {
      let failed: unknown;
      const scrape = sleep(SCRAPE_AFTER_MS)
        .then(() => fetch(metricsUrl))
        .then((res) => res.text())
        .catch((err: unknown) => (failed = err ?? new Error('scrape failed')));
      const result = await round(on, onTarget, headers, ROUND_S);
      await scrape;
      if (failed !== undefined) throw new Error('metrics phase: a scrape failed', { cause: failed });
      return result;
    };
    const pairs: Pair[] = [];
    for (let i = 0; i < PAIRS_PER_ORDER; i += 1) {
      if (i % 2 === 0) {
        const offRound = await round(off, offTarget, headers, ROUND_S);
        pairs.push({ off: offRound, on: await measureOn() });
      } else {
        const onRound = await measureOn();
        pairs.push({ on: onRound, off: await round(off, offTarget, headers, ROUND_S) });
      }
    }
    // The counter must have moved by about what was answered (autocannon's average × duration is approximate).
    const answered = pairs.reduce((sum, p) => sum + p.on.rps * ROUND_S, 0);
    const counted = (await countedCallStatus(metricsUrl)) - countedBefore;
    if (counted < answered * 0.9) throw new Error(`metrics phase: the registry counted ${counted} /callStatus answers of about ${Math.round(answered)}`);
    // At a saturating load a BFF that gets more of a busy machine also batches more per event-loop
    // turn, so its CPU per answer drops; at one fixed rate both do the same work.
    const cpu: CpuPair[] = [];
    for (let i = 0; i < FIXED_PAIRS_PER_ORDER; i += 1) {
      if (i % 2 === 0) {
        const offUs = await fixedRateRound(off, offTarget, headers);
        cpu.push({ off: offUs, on: await fixedRateRound(on, onTarget, headers) });
      } else {
        const onUs = await fixedRateRound(on, onTarget, headers);
        cpu.push({ on: onUs, off: await fixedRateRound(off, offTarget, headers) });
      }
    }
    return { pairs, cpu };
  } finally {
    await first.stop();
    await second.stop();
  }
}

/**
 * The same two configurations in this process, loaded through `inject` (no sockets) in
 * alternating batches: both share one process and whatever else runs on the machine, so the
 * CPU each answer costs is compared with less noise than two processes allow.
 */
async function inProcessCpuRatio(ctx: BenchContext, deps: MetricsPhaseDeps): Promise<{ ratio: number; onUs: number; offUs: number }> {
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  const boot = async (extra: Record<string, string>) => {
    const loaded = loadConfig(deps.env(extra));
    if (!loaded.ok) throw new Error(`metrics phase config: ${loaded.problems.join('; ')}`);
    return startRoomwatch(loaded.config, { distDir: '/nonexistent', logStream: quiet });
  };
  const off = await boot({});
  const on = await boot({ METRICS_PORT: '0' });
  const request = { method: 'GET' as const, url: '/callStatus?roomName=standup', headers: { authorization: `Bearer ${ctx.token}` } };
  const batch = async (running: Running) => {
    const before = process.cpuUsage();
    for (let i = 0; i < INJECTS; i += 1) {
      const res = await running.app.inject(request);
      if (res.statusCode !== 200) throw new Error(`metrics phase: inject answered ${res.statusCode}`);
    }
    const used = process.cpuUsage(before);
    return (used.user + used.system) / INJECTS;
  };
  try {
    await batch(off);
    await batch(on);
    const pairs: { on: number; off: number }[] = [];
    for (let i = 0; i < INJECT_PAIRS; i += 1) {
      if (i % 2 === 0) {
        const offUs = await batch(off);
        pairs.push({ off: offUs, on: await batch(on) });
      } else {
        const onUs = await batch(on);
        pairs.push({ on: onUs, off: await batch(off) });
      }
    }
    return {
      ratio: median(pairs.map((p) => p.off / p.on)),
      onUs: median(pairs.map((p) => p.on)),
      offUs: median(pairs.map((p) => p.off)),
    };
  } finally {
    await on.close();
    await off.close();
  }
}

/**
 * What turning metrics on costs the cached path (the target: under 5 %): two BFF processes side
 * by side, one with METRICS_PORT and one without, cached `/callStatus` (as the throughput
 * phase loads it) in pairs of adjacent rounds; each pair gives a ratio, and the median ratio
 * is the result (a neighbour's burst that slows one round spoils one pair, not the medians of
 * both sides). Done twice, each BFF started first once. The one with metrics is scraped
 * during each of its rounds, as Prometheus would. Then CPU per answer at a fixed rate (what a
 * fixed cost per second, like the event-loop and GC monitors, adds), and in one process
 * (what the per-request recording adds).
 */
export async function metricsPhase(ctx: BenchContext, deps: MetricsPhaseDeps): Promise<Row[]> {
  const offFirst = await pairsOver(ctx, deps, false);
  const onFirst = await pairsOver(ctx, deps, true);
  const pairs = [...offFirst.pairs, ...onFirst.pairs];
  const cpu = [...offFirst.cpu, ...onFirst.cpu];
  const ratio = median(pairs.map((p) => p.on.rps / p.off.rps));
  const cpuRatio = median(cpu.map((p) => p.off / p.on));
  const shown = pairs.map((p) => `${kilo(p.on.rps)}/${kilo(p.off.rps)}`).join(', ');
  const inProcess = await inProcessCpuRatio(ctx, deps);
  return [
    {
      measure: `metrics: cached /callStatus with METRICS_PORT ÷ without (median of ${pairs.length} adjacent round pairs, each BFF started first in half, one scrape per round; pairs on/off ${shown})`,
      value: ratio.toFixed(3),
      target: '≥ 0.95',
      met: ratio >= 0.95,
    },
    {
      measure: `metrics: server CPU per answer at ${FIXED_RATE} req/s, without ÷ with (median of ${cpu.length} adjacent pairs of ${FIXED_ROUND_S} s; medians ${median(cpu.map((p) => p.on)).toFixed(1)} vs ${median(cpu.map((p) => p.off)).toFixed(1)} µs)`,
      value: cpuRatio.toFixed(3),
      target: '—',
      met: null,
    },
    {
      measure: `metrics: CPU per answer in one process (inject, ${INJECT_PAIRS} alternating pairs of ${INJECTS}), without ÷ with (medians ${inProcess.onUs.toFixed(1)} vs ${inProcess.offUs.toFixed(1)} µs)`,
      value: inProcess.ratio.toFixed(3),
      target: '—',
      met: null,
    },
  ];
}
