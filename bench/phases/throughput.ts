import autocannon from 'autocannon';
import { startChild, type Child } from '../ipc';
import type { BenchContext, Row } from './context';

const CONNECTIONS = 50;
const WARM_S = 2;
const ROUND_S = 3;
// Five: the median of five short rounds rides out a neighbour's burst better than three.
const ROUNDS = 5;

export interface Round {
  rps: number;
  /** CPU time the server process spent per answer (user + system), µs. */
  cpuPerAnswerUs: number;
}

interface CpuUsage {
  user: number;
  system: number;
}

export async function round(server: Child<unknown>, url: string, headers: Record<string, string>, seconds: number): Promise<Round> {
  const before = await server.call<CpuUsage>('cpu');
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
  const after = await server.call<CpuUsage>('cpu');
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`throughput run saw ${result.non2xx} non-2xx, ${result.errors} errors`);
  const cpu = after.user - before.user + (after.system - before.system);
  return { rps: result.requests.average, cpuPerAnswerUs: cpu / Math.max(1, result.requests.total) };
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
export const kilo = (rps: number) => `${(rps / 1000).toFixed(1)}k`;

/**
 * Cached `/callStatus` with a valid token (JWT check, rate limit, route, cached answer, ETag)
 * against node:http answering the same bytes: how much of the machine's HTTP speed is left.
 * Two views of the same rounds: requests per second (what the target is set on; the load
 * generator shares the machine, so it swings with whatever else runs), and the server's own
 * CPU time per answer (steadier under a noisy neighbour, and what an optimisation changes).
 */
export async function throughput(ctx: BenchContext, bff: Child<unknown>, bffUrl: string): Promise<Row[]> {
  const path = '/callStatus?roomName=standup';
  const headers = { authorization: `Bearer ${ctx.token}` };
  const body = await (await fetch(`${bffUrl}${path}`, { headers })).text();
  const bare = await startChild<{ url: string }>('bareChild.ts', { BARE_BODY: body }, ctx.nodeFlags);
  try {
    const bareTarget = `${bare.ready.url}${path}`;
    const bffTarget = `${bffUrl}${path}`;
    await round(bare, bareTarget, {}, WARM_S);
    await round(bff, bffTarget, headers, WARM_S);
    // Alternating short rounds, so that a noisy neighbour on the machine hits both alike.
    const bareRounds: Round[] = [];
    const bffRounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      bareRounds.push(await round(bare, bareTarget, {}, ROUND_S));
      bffRounds.push(await round(bff, bffTarget, headers, ROUND_S));
    }
    const bareRps = median(bareRounds.map((r) => r.rps));
    const bffRps = median(bffRounds.map((r) => r.rps));
    const ratio = bffRps / bareRps;
    const rounds = bffRounds.map((r, i) => `${kilo(r.rps)}/${kilo(bareRounds[i]?.rps ?? Number.NaN)}`).join(', ');
    const bareCpu = median(bareRounds.map((r) => r.cpuPerAnswerUs));
    const bffCpu = median(bffRounds.map((r) => r.cpuPerAnswerUs));
    const cpuRounds = bffRounds.map((r, i) => `${r.cpuPerAnswerUs.toFixed(1)}/${(bareRounds[i]?.cpuPerAnswerUs ?? Number.NaN).toFixed(1)}`).join(', ');
    return [
      {
        measure: `throughput: cached /callStatus ÷ bare node:http (median of ${ROUNDS} alternating rounds: ${Math.round(bffRps)} vs ${Math.round(bareRps)} req/s; rounds BFF/bare ${rounds})`,
        value: ratio.toFixed(2),
        target: '≥ 0.6',
        met: ratio >= 0.6,
      },
      {
        measure: `server CPU per answer, bare ÷ BFF (median: ${bffCpu.toFixed(1)} vs ${bareCpu.toFixed(1)} µs; rounds BFF/bare ${cpuRounds} µs)`,
        value: (bareCpu / bffCpu).toFixed(2),
        target: '—',
        met: null,
      },
    ];
  } finally {
    await bare.stop();
  }
}
