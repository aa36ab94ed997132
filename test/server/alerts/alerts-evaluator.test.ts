import { describe, expect, it } from 'vitest';
import type { NewRoomEvent } from '../../../src/contract/history';
import type { RoomRef } from '../../../src/contract/roomAccess';
import { alertsConfig, alertsEnvSchema } from '../../../server/alerts/config';
import { createEvaluator } from '../../../server/alerts/evaluator';
import { MemoryAlertStore } from '../../support/memoryAlertStore';
import type { EventsListener } from '../../../server/watch/watcher';
import { createLogger } from '../../../server/logger';
import { roomWrite } from '../../support/historyFixtures';
import { ruleInput } from '../../support/alertStoreContract';
import { ManualClock } from '../../support/manualClock';
import { MemoryHistoryStore } from '../../support/memoryHistoryStore';

const room: RoomRef = { provider: 'proconf', callId: 'standup' };
const T0 = Date.parse('2026-11-20T10:00:00.000Z');

async function setup() {
  const clock = new ManualClock(T0);
  const history = new MemoryHistoryStore();
  const alerts = new MemoryAlertStore();
  const listeners = new Set<EventsListener>();
  let changes = 0;
  const evaluator = createEvaluator({
    history,
    alerts,
    clock,
    logger: createLogger('silent'),
    watcher: { onEvents: (l) => (listeners.add(l), () => listeners.delete(l)) },
    changed: () => (changes += 1),
  });
  const at = () => new Date(clock.now()).toISOString();
  const happen = async (events: NewRoomEvent[]) => {
    const written = await history.write(roomWrite(room, events));
    for (const listener of listeners) listener(room, written);
    await clock.advance(0);
  };
  const started = (recording: 'on' | 'off'): NewRoomEvent => ({ kind: 'watch.started', at: at(), observedAt: at(), state: 'active', recording, transcription: 'off', activeParticipants: 1, startedAt: at() });
  return { clock, alerts, evaluator, happen, started, at, changes: () => changes };
}

describe('the alert evaluator', () => {
  it('opens recording.missing only afterSec into a live call without recording, and resolves it when recording starts', async () => {
    const s = await setup();
    await s.alerts.createRule({ ...ruleInput({ when: 'recording.missing', afterSec: 60, match: {}, channels: [{ type: 'inapp' }] }) }, s.at());
    await s.evaluator.start();
    await s.happen([s.started('off')]);
    await s.clock.advance(59_000);
    expect(await s.alerts.listAlerts('open', 10)).toEqual([]);
    await s.clock.advance(2_000);
    expect(await s.alerts.listAlerts('open', 10)).toMatchObject([{ kind: 'recording.missing', provider: 'proconf', callId: 'standup' }]);
    await s.clock.advance(30_000);
    expect(await s.alerts.listAlerts('all', 10)).toHaveLength(1);
    await s.happen([{ kind: 'recording', from: 'off', to: 'on', at: s.at(), observedAt: s.at() }]);
    expect(await s.alerts.listAlerts('open', 10)).toEqual([]);
    expect(await s.alerts.listAlerts('resolved', 10)).toHaveLength(1);
    await s.evaluator.close();
  });

  it('opens vendor.unreachable for a gap longer than afterSec, not for this server being down, and resolves when it ends', async () => {
    const s = await setup();
    await s.alerts.createRule(ruleInput({ when: 'vendor.unreachable', afterSec: 30, match: { provider: 'proconf' }, channels: [{ type: 'inapp' }] }), s.at());
    await s.evaluator.start();
    await s.happen([s.started('on'), { kind: 'gap.started', reason: 'not_watching', at: s.at(), observedAt: s.at() }]);
    await s.clock.advance(60_000);
    expect(await s.alerts.listAlerts('all', 10)).toEqual([]);
    await s.happen([{ kind: 'gap.ended', reason: 'not_watching', at: s.at(), observedAt: s.at() }, { kind: 'gap.started', reason: 'timeout', at: s.at(), observedAt: s.at() }]);
    await s.clock.advance(29_000);
    expect(await s.alerts.listAlerts('open', 10)).toEqual([]);
    await s.clock.advance(2_000);
    expect(await s.alerts.listAlerts('open', 10)).toMatchObject([{ kind: 'vendor.unreachable' }]);
    await s.happen([{ kind: 'gap.ended', reason: 'timeout', at: s.at(), observedAt: s.at() }]);
    expect(await s.alerts.listAlerts('open', 10)).toEqual([]);
    await s.evaluator.close();
  });

  it('ignores rooms the rule does not match, and resolves open alerts of a rule that is disabled', async () => {
    const s = await setup();
    const other = await s.alerts.createRule(ruleInput({ match: { provider: 'proconf', callId: 'sales-*' }, channels: [{ type: 'inapp' }] }), s.at());
    const rule = await s.alerts.createRule(ruleInput({ match: { callId: 'stand??' }, channels: [{ type: 'inapp' }] }), s.at());
    await s.evaluator.start();
    await s.happen([s.started('on')]);
    await s.happen([{ kind: 'recording', from: 'on', to: 'off', at: s.at(), observedAt: s.at() }]);
    const open = await s.alerts.listAlerts('open', 10);
    expect(open.map((a) => a.ruleId)).toEqual([rule.id]);
    expect(open.map((a) => a.ruleId)).not.toContain(other.id);
    await s.alerts.replaceRule({ ...rule, enabled: false });
    s.evaluator.rulesChanged();
    await s.clock.advance(0);
    expect(await s.alerts.listAlerts('open', 10)).toEqual([]);
    await s.evaluator.close();
  });
});

describe('alert settings', () => {
  it('reads the allow list and refuses a short secret', () => {
    expect(alertsConfig(alertsEnvSchema.parse({ ALERT_WEBHOOK_ALLOW: ' 127.0.0.1, [::1],Hooks.Local ' })).webhookAllow).toEqual(['127.0.0.1', '::1', 'hooks.local']);
    expect(alertsConfig(alertsEnvSchema.parse({})).webhookSecret).toBeUndefined();
    expect(alertsEnvSchema.safeParse({ ALERT_WEBHOOK_SECRET: 'short' }).success).toBe(false);
  });
});
