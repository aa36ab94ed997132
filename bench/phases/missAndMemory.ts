import { Pool } from 'undici';
import type { Child } from '../ipc';
import { percentile, type BenchContext, type Row } from './context';

const LATENCY_SAMPLES = 2000;
const DISTINCT_ROOMS = 10_000;
const CONCURRENCY = 16;

interface Memory {
  rss: number;
  heapAfterGc: number;
}

async function timedGet(pool: Pool, path: string, headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  const res = await pool.request({ method: 'GET', path, headers });
  await res.body.text();
  const ms = performance.now() - started;
  if (res.statusCode !== 200) throw new Error(`${path}: HTTP ${res.statusCode}`);
  return ms;
}

async function readRooms(pool: Pool, from: number, to: number, token: string): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < to) {
      const i = next++;
      await timedGet(pool, `/callStatus?roomName=mem-${i}`, { authorization: `Bearer ${token}` });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/**
 * Cache misses one at a time: each room read once through the BFF, then the same room read
 * directly from the simulator; the difference is what the BFF adds to a miss. Then the rest
 * of 10,000 distinct rooms, and RSS; then 10,000 more, to show the cache is bounded.
 */
export async function missAndMemory(
  ctx: BenchContext,
  bff: Child<{ url: string }>,
  setup: { label: string; cacheMax: number; latencyRows: boolean },
): Promise<Row[]> {
  const { label, cacheMax } = setup;
  const through = new Pool(bff.ready.url, { connections: CONCURRENCY });
  const sim = new URL(ctx.sim.ready.proconfUrl);
  const direct = new Pool(sim.origin, { connections: 1 });
  const auth = { authorization: `Bearer ${ctx.token}` };
  const simAuth = { authorization: `Bearer ${ctx.sim.ready.proconfToken}`, accept: 'application/json' };
  try {
    for (let i = 0; i < 200; i += 1) await timedGet(through, `/callStatus?roomName=standup`, auth);
    const start = await bff.call<Memory>('memory');

    const viaBff: number[] = [];
    const viaSim: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i += 1) {
      viaBff.push(await timedGet(through, `/callStatus?roomName=mem-${i}`, auth));
      viaSim.push(await timedGet(direct, `${sim.pathname}/sessions-status/mem-${i}`, simAuth));
    }
    await readRooms(through, LATENCY_SAMPLES, DISTINCT_ROOMS, ctx.token);
    const after10k = await bff.call<Memory>('memory');
    await readRooms(through, DISTINCT_ROOMS, 2 * DISTINCT_ROOMS, ctx.token);
    const after20k = await bff.call<Memory>('memory');

    viaBff.sort((a, b) => a - b);
    viaSim.sort((a, b) => a - b);
    const p = (arr: number[], q: number) => percentile(arr, q);
    const added50 = p(viaBff, 50) - p(viaSim, 50);
    const added99 = p(viaBff, 99) - p(viaSim, 99);
    const mb = (bytes: number) => bytes / 1024 / 1024;
    const latencyRows: Row[] = [
      {
        measure: `added latency of a cache miss, p50 (BFF ${p(viaBff, 50).toFixed(2)} ms − direct ${p(viaSim, 50).toFixed(2)} ms)`,
        value: `${added50.toFixed(2)} ms`,
        target: '< 1 ms',
        met: added50 < 1,
      },
      {
        measure: `added latency of a cache miss, p99 (BFF ${p(viaBff, 99).toFixed(2)} ms − direct ${p(viaSim, 99).toFixed(2)} ms)`,
        value: `${added99.toFixed(2)} ms`,
        target: '(reported)',
        met: null,
      },
    ];
    const memoryRows: Row[] = [
      {
        measure: `memory ${label}: BFF RSS after 10,000 distinct rooms read once (${mb(start.rss).toFixed(0)} MB before; cache bound ${cacheMax}/resource)`,
        value: `${mb(after10k.rss).toFixed(0)} MB`,
        target: '< 150 MB',
        met: mb(after10k.rss) < 150,
      },
      {
        measure: `memory ${label}: heap held after full GC, before → 10,000 rooms → 20,000 rooms`,
        value: `${mb(start.heapAfterGc).toFixed(0)} → ${mb(after10k.heapAfterGc).toFixed(0)} → ${mb(after20k.heapAfterGc).toFixed(0)} MB`,
        target: 'flat after the bound',
        met: after20k.heapAfterGc - after10k.heapAfterGc < 0.2 * after10k.heapAfterGc,
      },
      {
        measure: `memory ${label}: BFF RSS after 20,000 distinct rooms`,
        value: `${mb(after20k.rss).toFixed(0)} MB`,
        target: '< 150 MB',
        met: mb(after20k.rss) < 150,
      },
    ];
    return setup.latencyRows ? [...latencyRows, ...memoryRows] : memoryRows;
  } finally {
    await through.close();
    await direct.close();
  }
}
