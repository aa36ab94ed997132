import { describe, expect, it } from 'vitest';
import type { AlertRuleInput } from '../../src/contract/alerts';
import type { AlertStore, NewAlert } from '../../server/alerts/store';

/** Opens a fresh store; `reopen` gives a second handle on the same data (a restart), when the kind has one. */
export interface AlertStoreHarness {
  open(): Promise<AlertStore>;
  reopen?(): Promise<AlertStore>;
}

export const ruleInput = (over: Partial<AlertRuleInput> = {}): AlertRuleInput => ({
  name: 'Recording stopped',
  enabled: true,
  match: { provider: 'bandwidth', callId: 'room-*' },
  when: 'recording.stopped',
  afterSec: 0,
  channels: [{ type: 'webhook', url: 'https://hooks.example.com/a' }],
  ...over,
});

const T0 = '2026-01-01T10:00:00.000Z';
const T1 = '2026-01-01T10:00:05.000Z';
const T2 = '2026-01-01T10:00:09.000Z';

const episode = (ruleId: string, callId = 'room-1'): NewAlert => ({ ruleId, provider: 'bandwidth', callId, kind: 'recording.stopped', openedAt: T0 });

/** The behaviour every alert store shares: SQLite, PostgreSQL and memory run these same tests. */
export function alertStoreContract(kind: string, harness: () => Promise<AlertStoreHarness>, options: { restartable: boolean }): void {
  describe(`alert store contract (${kind})`, () => {
    it('keeps rules: create, read back, replace, delete', async () => {
      const store = await (await harness()).open();
      const rule = await store.createRule(ruleInput(), T0);
      expect(await store.listRules()).toEqual([rule]);
      const replaced = await store.replaceRule({ ...rule, enabled: false, name: 'Off for now' });
      expect(replaced?.enabled).toBe(false);
      expect(await store.rule(rule.id)).toMatchObject({ name: 'Off for now', enabled: false, match: rule.match });
      expect(await store.replaceRule({ ...rule, id: '00000000-0000-4000-8000-000000000000' })).toBeUndefined();
      expect(await store.deleteRule(rule.id)).toBe(true);
      expect(await store.deleteRule(rule.id)).toBe(false);
      expect(await store.listRules()).toEqual([]);
    });

    it('opens one episode per rule and room: a second open while it is open writes nothing', async () => {
      const store = await (await harness()).open();
      const rule = await store.createRule(ruleInput(), T0);
      const first = await store.openAlert(episode(rule.id), ['https://hooks.example.com/a'], T0);
      expect(first).toMatchObject({ ruleId: rule.id, callId: 'room-1', resolvedAt: null });
      expect(first?.deliveries).toMatchObject([{ event: 'alert.opened', attempts: 0, deliveredAt: null, nextAttemptAt: T0 }]);
      expect(await store.openAlert(episode(rule.id), ['https://hooks.example.com/a'], T1)).toBeUndefined();
      // Another room of the same rule is its own episode.
      expect(await store.openAlert(episode(rule.id, 'room-2'), [], T1)).toBeDefined();
      expect(await store.listAlerts('open', 10)).toHaveLength(2);
    });

    it('resolves once, queues the resolved deliveries, and then allows a new episode', async () => {
      const store = await (await harness()).open();
      const rule = await store.createRule(ruleInput(), T0);
      const opened = await store.openAlert(episode(rule.id), ['https://hooks.example.com/a'], T0);
      const resolved = await store.resolveAlert(opened!.id, T1, ['https://hooks.example.com/a']);
      expect(resolved?.resolvedAt).toBe(T1);
      expect(resolved?.deliveries.map((d) => d.event)).toEqual(['alert.opened', 'alert.resolved']);
      expect(await store.resolveAlert(opened!.id, T2, ['https://hooks.example.com/a'])).toBeUndefined();
      expect((await store.alert(opened!.id))?.deliveries).toHaveLength(2);
      expect(await store.listAlerts('open', 10)).toEqual([]);
      expect(await store.listAlerts('resolved', 10)).toHaveLength(1);
      const again = await store.openAlert({ ...episode(rule.id), openedAt: T2 }, [], T2);
      expect(again?.id).not.toBe(opened!.id);
      expect((await store.listAlerts('all', 10)).map((a) => a.openedAt)).toEqual([T2, T0]);
    });

    it('hands out a due delivery to one claimer only, and keeps each attempt', async () => {
      const store = await (await harness()).open();
      const rule = await store.createRule(ruleInput(), T0);
      await store.openAlert(episode(rule.id), ['https://hooks.example.com/a'], T0);
      expect(await store.dueDeliveries('2026-01-01T09:00:00.000Z', 10)).toEqual([]);
      const [due] = await store.dueDeliveries(T1, 10);
      expect(due).toBeDefined();
      expect(await store.claimDelivery(due!.id, due!.nextAttemptAt!, T2)).toBe(true);
      expect(await store.claimDelivery(due!.id, due!.nextAttemptAt!, T2)).toBe(false);
      expect(await store.dueDeliveries(T1, 10)).toEqual([]);
      await store.recordAttempt(due!.id, { attempts: 1, lastStatus: 'HTTP 500', deliveredAt: null, nextAttemptAt: T1 });
      expect(await store.dueDeliveries(T1, 10)).toMatchObject([{ id: due!.id, attempts: 1, lastStatus: 'HTTP 500' }]);
      await store.recordAttempt(due!.id, { attempts: 2, lastStatus: 'HTTP 204', deliveredAt: T2, nextAttemptAt: null });
      expect(await store.dueDeliveries('2030-01-01T00:00:00.000Z', 10)).toEqual([]);
      const [alert] = await store.listAlerts('all', 10);
      expect(alert?.deliveries[0]).toMatchObject({ attempts: 2, lastStatus: 'HTTP 204', deliveredAt: T2 });
    });

    // Only stores with data outside the process have a restart to survive (not memory).
    if (options.restartable) it('keeps open episodes and undelivered deliveries across a restart', async () => {
      const h = await harness();
      if (!h.reopen) throw new Error('a restartable store needs reopen()');
      const store = await h.open();
      const rule = await store.createRule(ruleInput(), T0);
      const opened = await store.openAlert(episode(rule.id), ['https://hooks.example.com/a'], T0);
      const again = await h.reopen();
      expect((await again.listAlerts('open', 10)).map((a) => a.id)).toEqual([opened!.id]);
      expect(await again.dueDeliveries(T1, 10)).toHaveLength(1);
      expect(await again.openAlert(episode(rule.id), [], T1)).toBeUndefined();
    });
  });
}
