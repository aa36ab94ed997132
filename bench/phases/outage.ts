import autocannon from 'autocannon';
import type { BenchContext, Row } from './context';

const CLIENTS = 100;
const ROOMS = 20;
const RATE = 200;
const BEFORE_S = 5;
const DOWN_S = 10;
const AFTER_S = 3;

type Breaker = 'closed' | 'open' | 'half-open';

/**
 * 100 browsers poll 20 rooms; after 5 s the vendor drops every connection for 10 s (the
 * simulator's `down` fault: it still logs each attempt, so attempts can be counted), then
 * comes back. /readyz is sampled every 50 ms to know when the breaker was open.
 */
export async function outage(ctx: BenchContext, bff: string, cooldownMs: number): Promise<Row[]> {
  const answers = { stale: 0, fresh: 0, error: 0 };
  const timeline: { at: number; state: Breaker }[] = [];
  let downAt = Number.POSITIVE_INFINITY;
  let upAt = Number.POSITIVE_INFINITY;
  const inOutage = (t: number) => t >= downAt && t < upAt;

  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const res = await fetch(`${bff}/readyz`);
      const body = (await res.json()) as { data: { upstreams: { provider: string; breaker: Breaker }[] } };
      const state = body.data.upstreams.find((u) => u.provider === 'proconf')?.breaker ?? 'closed';
      timeline.push({ at: Date.now(), state });
      await new Promise((r) => setTimeout(r, 50));
    }
  })();

  const down = setTimeout(() => {
    void ctx.sim.call('fault', 'down').then(() => (downAt = Date.now()));
  }, BEFORE_S * 1000);
  const up = setTimeout(() => {
    void ctx.sim.call('clearFaults').then(() => (upAt = Date.now()));
  }, (BEFORE_S + DOWN_S) * 1000);

  let next = 0;
  const runStarted = Date.now();
  await autocannon({
    url: bff,
    connections: CLIENTS,
    overallRate: RATE,
    duration: BEFORE_S + DOWN_S + AFTER_S,
    headers: { authorization: `Bearer ${ctx.token}` },
    requests: [
      {
        setupRequest: (request, context) => {
          if (typeof context.room !== 'number') context.room = next++ % ROOMS;
          return { ...request, path: `/api/calls/proconf/fan-${context.room}` };
        },
        onResponse: (status, body) => {
          if (!inOutage(Date.now())) return;
          if (status !== 200) answers.error += 1;
          else if (body.includes('"stale":true')) answers.stale += 1;
          else answers.fresh += 1;
        },
      },
    ],
  });
  clearTimeout(down);
  clearTimeout(up);
  sampling = false;
  await sampler;

  const stateAt = (t: number): Breaker => {
    let state: Breaker = 'closed';
    for (const sample of timeline) {
      if (sample.at > t) break;
      state = sample.state;
    }
    return state;
  };
  const arrivals = (await ctx.sim.call<number[]>('arrivals', runStarted)).filter(inOutage);
  const whileOpen = arrivals.filter((t) => stateAt(t) !== 'closed').length;
  const firstOpen = timeline.find((s) => s.state !== 'closed' && inOutage(s.at));
  const total = answers.stale + answers.fresh + answers.error;
  const share = (n: number) => `${((100 * n) / Math.max(1, total)).toFixed(1)}%`;
  const probesExpected = Math.ceil((DOWN_S * 1000) / cooldownMs);
  return [
    {
      measure: `outage (${DOWN_S} s down, ${total} answers): stale 200s / fresh 200s / errors`,
      value: `${share(answers.stale)} / ${share(answers.fresh)} / ${share(answers.error)}`,
      target: 'errors 0% (stale window 60 s)',
      met: answers.error === 0,
    },
    {
      measure: `outage: upstream attempts while breaker open (${arrivals.length} during outage; opened after ${
        firstOpen ? firstOpen.at - downAt : '∞'
      } ms; cool-down ${cooldownMs} ms)`,
      value: String(whileOpen),
      target: `≤ ${probesExpected} (one probe per cool-down)`,
      met: whileOpen <= probesExpected,
    },
  ];
}
