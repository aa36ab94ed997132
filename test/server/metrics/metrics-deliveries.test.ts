import { describe, expect, it } from 'vitest';
import { createDeliverer } from '../../../server/alerts/deliverer';
import { MemoryAlertStore } from '../../support/memoryAlertStore';
import type { SendOutcome } from '../../../server/alerts/webhookSender';
import { createMetrics, type Metrics } from '../../../server/metrics/metrics';
import { ManualClock, settle } from '../../support/manualClock';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** `roomwatch_alert_deliveries_total{outcome}` as the registry exposes it. */
async function deliveries(metrics: Metrics, outcome: string): Promise<number> {
  const { body } = await metrics.scrape();
  const line = body.split('\n').find((l) => l.startsWith(`roomwatch_alert_deliveries_total{outcome="${outcome}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('roomwatch_alert_deliveries_total', () => {
  it('counts each webhook attempt by outcome: failed and retried, delivered, given up', async () => {
    const clock = new ManualClock(Date.now());
    const store = new MemoryAlertStore();
    const metrics = await createMetrics();
    // The first receiver fails once then takes it; the second refuses for good (no retry).
    const answers: Record<string, SendOutcome[]> = {
      'https://a.example/hook': [{ ok: false, status: 'HTTP 500', retry: true }, { ok: true, status: 'HTTP 200', retry: false }],
      'https://b.example/hook': [{ ok: false, status: 'refused', retry: false }],
    };
    const deliverer = createDeliverer({
      store,
      clock,
      logger: quiet,
      send: async (url) => answers[url]?.shift() ?? { ok: false, status: 'unexpected', retry: false },
      ruleName: async () => 'rule',
      backoffMs: [1000],
      metrics,
    });
    const now = new Date(clock.now()).toISOString();
    await store.openAlert({ ruleId: 'r1', provider: 'proconf', callId: 'standup', kind: 'recording.stopped', openedAt: now }, Object.keys(answers), now);

    deliverer.kick();
    await settle();
    expect(await deliveries(metrics, 'failed')).toBe(1);
    expect(await deliveries(metrics, 'gave_up')).toBe(1);
    expect(await deliveries(metrics, 'delivered')).toBe(0);

    await clock.advance(1000);
    deliverer.kick();
    await settle();
    expect(await deliveries(metrics, 'delivered')).toBe(1);
    expect(await deliveries(metrics, 'failed')).toBe(1);
    await deliverer.close();
  });
});
