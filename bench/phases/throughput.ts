import autocannon from 'autocannon';
import { startChild } from '../ipc';
import type { BenchContext, Row } from './context';

const CONNECTIONS = 50;
const WARM_S = 2;
const ROUND_S = 3;
const ROUNDS = 3;

async function rps(url: string, headers: Record<string, string>, seconds: number): Promise<number> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`throughput run saw ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/**
 * Cached `/callStatus` with a valid token (JWT check, route, cache hit, contract parse, ETag)
 * against node:http answering the same bytes: how much of the machine's HTTP speed is left.
 */
export async function throughput(ctx: BenchContext, bff: string): Promise<Row[]> {
  const path = '/callStatus?roomName=standup';
  const headers = { authorization: `Bearer ${ctx.token}` };
  const body = await (await fetch(`${bff}${path}`, { headers })).text();
  const bare = await startChild<{ url: string }>('bareChild.ts', { BARE_BODY: body }, ctx.nodeFlags);
  try {
    const bareUrl = `${bare.ready.url}${path}`;
    const bffUrl = `${bff}${path}`;
    await rps(bareUrl, {}, WARM_S);
    await rps(bffUrl, headers, WARM_S);
    // Alternating short rounds, so that a noisy neighbour on the machine hits both alike.
    const bareRounds: number[] = [];
    const bffRounds: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      bareRounds.push(await rps(bareUrl, {}, ROUND_S));
      bffRounds.push(await rps(bffUrl, headers, ROUND_S));
    }
    const bareRps = median(bareRounds);
    const bffRps = median(bffRounds);
    const ratio = bffRps / bareRps;
    const rounds = bffRounds.map((b, i) => `${Math.round(b / 100) / 10}k/${Math.round((bareRounds[i] ?? Number.NaN) / 100) / 10}k`);
    return [
      {
        measure: `throughput: cached /callStatus ÷ bare node:http (median of ${ROUNDS} alternating rounds: ${Math.round(bffRps)} vs ${Math.round(bareRps)} req/s; rounds BFF/bare ${rounds.join(', ')})`,
        value: ratio.toFixed(2),
        target: '≥ 0.6',
        met: ratio >= 0.6,
      },
    ];
  } finally {
    await bare.stop();
  }
}
