import autocannon from 'autocannon';
import { startChild } from '../ipc';
import type { BenchContext, Row } from './context';

const CONNECTIONS = 50;
const WARM_S = 2;
const MEASURE_S = 8;

async function rps(url: string, headers: Record<string, string>): Promise<number> {
  await autocannon({ url, connections: CONNECTIONS, duration: WARM_S, headers });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: MEASURE_S, headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`throughput run saw ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

/**
 * Cached `/callStatus` with a valid token (JWT check, route, cache hit, contract parse, ETag)
 * against node:http answering the same bytes: how much of the machine's HTTP speed is left.
 */
export async function throughput(ctx: BenchContext, bff: string): Promise<Row[]> {
  const path = '/callStatus?roomName=standup';
  const headers = { authorization: `Bearer ${ctx.token}` };
  const body = await (await fetch(`${bff}${path}`, { headers })).text();
  const bare = await startChild<{ url: string }>('bareChild.ts', { BARE_BODY: body });
  try {
    const bareRps = await rps(`${bare.ready.url}${path}`, {});
    const bffRps = await rps(`${bff}${path}`, headers);
    const ratio = bffRps / bareRps;
    return [
      {
        measure: `throughput: cached /callStatus ÷ bare node:http (${Math.round(bffRps)} vs ${Math.round(bareRps)} req/s)`,
        value: ratio.toFixed(2),
        target: '≥ 0.6',
        met: ratio >= 0.6,
      },
    ];
  } finally {
    await bare.stop();
  }
}
