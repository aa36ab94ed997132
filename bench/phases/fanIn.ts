import autocannon from 'autocannon';
import type { BenchContext, Row } from './context';

const CLIENTS = 500;
const ROOMS = 50;
const SECONDS = 20;
const STATUS_TTL_S = 1;

/**
 * 500 browsers, 10 per room, each polling its room's snapshot once a second for 20 s. Every
 * poll reaches the BFF; the vendor should see about one status request per room per TTL.
 */
export async function fanIn(ctx: BenchContext, bff: string): Promise<Row[]> {
  await ctx.sim.call('clearLog');
  let next = 0;
  const result = await autocannon({
    url: bff,
    connections: CLIENTS,
    overallRate: CLIENTS, // one poll per client per second
    duration: SECONDS,
    headers: { authorization: `Bearer ${ctx.token}` },
    requests: [
      {
        setupRequest: (request, context) => {
          if (typeof context.room !== 'number') context.room = next++ % ROOMS;
          return { ...request, path: `/api/calls/proconf/fan-${context.room}` };
        },
      },
    ],
  });
  const upstreamStatus = await ctx.sim.call<number>('count', { includes: '/sessions-status/' });
  const upstreamAll = await ctx.sim.call<number>('count', {});
  const polls = result.requests.total;
  const ratio = polls / upstreamAll;
  const bound = (1.2 * ROOMS * SECONDS) / STATUS_TTL_S;
  return [
    {
      measure: `fan-in: client polls per upstream request (${polls} polls, ${result.non2xx} non-2xx)`,
      value: `${ratio.toFixed(1)}×`,
      target: '≥ 8×',
      met: ratio >= 8 && result.non2xx === 0,
    },
    {
      measure: `fan-in: upstream status requests (${upstreamAll} upstream in all, incl. room list)`,
      value: String(upstreamStatus),
      target: `≤ ${bound}`,
      met: upstreamStatus <= bound,
    },
  ];
}
