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
 * against node:http answering the same bytes to the same requests (the bearer header
 * included: the parser and the kernel handle it for both): how much of the machine's HTTP
 * speed is left. Two views of the same rounds: requests per second (the load generator shares
 * the machine, so it swings with whatever else runs), and each server's own CPU time per answer
 * (steadier under a noisy neighbour, and what an optimisation changes). A third server, Fastify
 * with one route and nothing else, shows the floor any Fastify route stands on.
 */
export async function throughput(ctx: BenchContext, bff: Child<unknown>, bffUrl: string): Promise<Row[]> {
  const path = '/callStatus?roomName=standup';
  const headers = { authorization: `Bearer ${ctx.token}` };
  const body = await (await fetch(`${bffUrl}${path}`, { headers })).text();
  const bare = await startChild<{ url: string }>('bareChild.ts', { BARE_BODY: body }, ctx.nodeFlags);
  const floor = await startChild<{ url: string }>('fastifyChild.ts', { BARE_BODY: body }, ctx.nodeFlags);
  try {
    const servers = [
      { child: bff, url: `${bffUrl}${path}`, rounds: [] as Round[] },
      { child: bare, url: `${bare.ready.url}${path}`, rounds: [] as Round[] },
      { child: floor, url: `${floor.ready.url}${path}`, rounds: [] as Round[] },
    ] as const;
    for (const server of servers) await round(server.child, server.url, headers, WARM_S);
    // Alternating short rounds, so that a noisy neighbour on the machine hits all three alike.
    for (let i = 0; i < ROUNDS; i += 1) {
      for (const server of servers) server.rounds.push(await round(server.child, server.url, headers, ROUND_S));
    }
    const [bffRounds, bareRounds, floorRounds] = servers.map((server) => server.rounds) as [Round[], Round[], Round[]];
    const bareRps = median(bareRounds.map((r) => r.rps));
    const bffRps = median(bffRounds.map((r) => r.rps));
    const ratio = bffRps / bareRps;
    const rounds = bffRounds.map((r, i) => `${kilo(r.rps)}/${kilo(bareRounds[i]?.rps ?? Number.NaN)}`).join(', ');
    // Per round (the three measured within seconds of each other), then the median of the rounds.
    const cpuRatio = median(bffRounds.map((r, i) => r.cpuPerAnswerUs / (bareRounds[i]?.cpuPerAnswerUs ?? Number.NaN)));
    const floorRatio = median(floorRounds.map((r, i) => r.cpuPerAnswerUs / (bareRounds[i]?.cpuPerAnswerUs ?? Number.NaN)));
    const us = (list: Round[]) => median(list.map((r) => r.cpuPerAnswerUs)).toFixed(1);
    const cpuRounds = bffRounds
      .map((r, i) => `${r.cpuPerAnswerUs.toFixed(1)}/${(bareRounds[i]?.cpuPerAnswerUs ?? Number.NaN).toFixed(1)}/${(floorRounds[i]?.cpuPerAnswerUs ?? Number.NaN).toFixed(1)}`)
      .join(', ');
    return [
      {
        measure: `throughput: cached /callStatus ÷ bare node:http (median of ${ROUNDS} alternating rounds: ${Math.round(bffRps)} vs ${Math.round(bareRps)} req/s; rounds BFF/bare ${rounds})`,
        value: ratio.toFixed(2),
        target: '≥ 0.6',
        met: ratio >= 0.6,
      },
      {
        measure: `server CPU per cached /callStatus answer, BFF ÷ bare node:http (medians ${us(bffRounds)} vs ${us(bareRounds)} µs; rounds BFF/bare/Fastify floor ${cpuRounds} µs)`,
        value: `${cpuRatio.toFixed(2)}×`,
        target: '≤ 1.6×',
        met: cpuRatio <= 1.6,
      },
      {
        measure: `the floor: Fastify with one route and no hooks, CPU per answer ÷ bare node:http (median ${us(floorRounds)} µs)`,
        value: `${floorRatio.toFixed(2)}×`,
        target: '—',
        met: null,
      },
    ];
  } finally {
    await Promise.all([bare.stop(), floor.stop()]);
  }
}
