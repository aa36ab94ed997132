import { setTimeout as sleep } from 'node:timers/promises';
import type { Child } from '../ipc';
import type { BenchContext, Row } from './context';
import { kilo, median, round, type Round } from './throughput';

const WARM_S = 2;
const ROUND_S = 3;
// Seven: the two BFFs differ by a few per cent at most, less than one noisy round swings.
const ROUNDS = 7;
/** Into each round of the BFF with metrics, one scrape: five times Prometheus's default 15 s interval. */
const SCRAPE_AFTER_MS = 1000;

export interface BffReady {
  url: string;
  metricsUrl?: string;
}

/** Starts a BFF child as run.ts configures them, with `extra` over its environment. */
export type StartBff = (extra: Record<string, string>) => Promise<Child<BffReady>>;

/** Every /callStatus 200 the registry has counted, from the text format. */
async function countedCallStatus(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const line = text.split('\n').find((l) => l.startsWith('roomwatch_http_requests_total{') && l.includes('route="/callStatus"') && l.includes('status="200"'));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

/**
 * What turning metrics on costs the cached path (DESIGN §14: < 5 %): two BFFs side by side,
 * one with METRICS_PORT and one without, cached `/callStatus` (as the throughput phase loads it)
 * in alternating rounds, the order swapped every round so neither always runs second. The
 * one with metrics is scraped during each of its rounds, as Prometheus would.
 */
export async function metricsPhase(ctx: BenchContext, startBff: StartBff): Promise<Row[]> {
  const path = '/callStatus?roomName=standup';
  const headers = { authorization: `Bearer ${ctx.token}` };
  const off = await startBff({});
  const on = await startBff({ METRICS_PORT: '0' });
  try {
    const metricsUrl = on.ready.metricsUrl;
    if (!metricsUrl || off.ready.metricsUrl) throw new Error('metrics phase: expected one BFF with a metrics listener and one without');
    const offTarget = `${off.ready.url}${path}`;
    const onTarget = `${on.ready.url}${path}`;
    await round(off, offTarget, headers, WARM_S);
    await round(on, onTarget, headers, WARM_S);
    const countedBefore = await countedCallStatus(metricsUrl);
    let answered = 0;
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
    const offRounds: Round[] = [];
    const onRounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      if (i % 2 === 0) {
        offRounds.push(await round(off, offTarget, headers, ROUND_S));
        onRounds.push(await measureOn());
      } else {
        onRounds.push(await measureOn());
        offRounds.push(await round(off, offTarget, headers, ROUND_S));
      }
      answered += Math.round((onRounds.at(-1)?.rps ?? 0) * ROUND_S);
    }
    // The counter must have moved by about what was answered (autocannon's average × duration is approximate).
    const counted = (await countedCallStatus(metricsUrl)) - countedBefore;
    if (counted < answered * 0.9) throw new Error(`metrics phase: the registry counted ${counted} /callStatus answers of about ${answered}`);

    const offRps = median(offRounds.map((r) => r.rps));
    const onRps = median(onRounds.map((r) => r.rps));
    const ratio = onRps / offRps;
    const rounds = onRounds.map((r, i) => `${kilo(r.rps)}/${kilo(offRounds[i]?.rps ?? Number.NaN)}`).join(', ');
    const offCpu = median(offRounds.map((r) => r.cpuPerAnswerUs));
    const onCpu = median(onRounds.map((r) => r.cpuPerAnswerUs));
    return [
      {
        measure: `metrics: cached /callStatus with METRICS_PORT ÷ without (median of ${ROUNDS} alternating rounds, one scrape per round: ${Math.round(onRps)} vs ${Math.round(offRps)} req/s; rounds on/off ${rounds})`,
        value: ratio.toFixed(3),
        target: '≥ 0.95',
        met: ratio >= 0.95,
      },
      {
        measure: `metrics: server CPU per answer, without ÷ with (median: ${onCpu.toFixed(1)} vs ${offCpu.toFixed(1)} µs)`,
        value: (offCpu / onCpu).toFixed(3),
        target: '—',
        met: null,
      },
    ];
  } finally {
    await off.stop();
    await on.stop();
  }
}
