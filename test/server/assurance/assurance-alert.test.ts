import { afterEach, describe, expect, it } from 'vitest';
import type { NewRoomEvent } from '../../../src/contract/history';
import type { RoomRef } from '../../../src/contract/roomAccess';
import { createAlertService } from '../../../server/alerts/service';
import { memoryPolicyStore } from '../../../server/assurance/policyStore';
import { createAssuranceService } from '../../../server/assurance/service';
import { memoryChainStore } from '../../../server/evidence/hashStore';
import { createLogger } from '../../../server/logger';
import type { EventsListener } from '../../../server/watch/watcher';
import { roomWrite } from '../../support/historyFixtures';
import { ruleInput } from '../../support/alertStoreContract';
import { webhookReceiver } from '../../support/webhookReceiver';
import { MemoryAlertStore } from '../../support/memoryAlertStore';
import { MemoryHistoryStore } from '../../support/memoryHistoryStore';

const room: RoomRef = { provider: 'bandwidth', callId: 'desk-7' };
const logger = createLogger('silent');

async function until<T>(check: () => T | undefined | false, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('policy.violated', () => {
  it('opens once a governed call has gone unrecorded past graceSec with people present, and resolves when recording is back', async () => {
    const hook = await webhookReceiver();
    cleanups.push(hook.close);
    const history = new MemoryHistoryStore();
    const listeners = new Set<EventsListener>();
    const watcher = { onEvents: (listener: EventsListener) => (listeners.add(listener), () => listeners.delete(listener)) };
    const policies = memoryPolicyStore();
    await policies.create({ name: 'desks', enabled: true, match: { provider: 'bandwidth' }, require: { recording: true, transcription: false }, graceSec: 30, retainDays: 2557 }, new Date());
    const assurance = createAssuranceService({ history, watcher, providers: { get: () => ({ info: { capabilities: { participants: true } } }) as never }, logger, store: policies, chain: memoryChainStore(history) });
    await assurance.start();
    cleanups.push(() => assurance.close());
    const alerts = createAlertService({
      store: new MemoryAlertStore(),
      history,
      watcher,
      config: { webhookSecret: 'test-alert-webhook-secret', webhookAllow: ['127.0.0.1'] },
      logger,
      tickMs: 50,
      backoffMs: [100, 100, 100, 100, 100],
      policyStretch: (r, now) => assurance.openStretch(r, now),
    });
    await alerts.start();
    cleanups.push(() => alerts.close());
    await alerts.createRule(ruleInput({ when: 'policy.violated', afterSec: 0, match: {}, channels: [{ type: 'webhook', url: hook.url }] }));

    // Scripted in the past, so nobody waits for the grace: two people, recording off 40 s ago.
    const ago = (sec: number) => new Date(Date.now() - sec * 1000).toISOString();
    const happen = async (events: NewRoomEvent[]) => {
      const written = await history.write(roomWrite(room, events));
      for (const listener of listeners) listener(room, written);
    };
    await happen([
      { kind: 'watch.started', at: ago(100), observedAt: ago(100), state: 'active', recording: 'on', transcription: 'off', activeParticipants: 0, startedAt: ago(100) },
      { kind: 'participant.joined', participantId: 'ann', name: null, at: ago(100), observedAt: ago(100) },
      { kind: 'participant.joined', participantId: 'bob', name: null, at: ago(90), observedAt: ago(90) },
      { kind: 'recording', from: 'on', to: 'off', at: ago(40), observedAt: ago(40) },
    ]);
    const opened = await until(() => hook.received.find((b) => b.type === 'alert.opened'));
    expect(opened.alert).toMatchObject({ kind: 'policy.violated', provider: 'bandwidth', callId: 'desk-7', resolvedAt: null });
    expect(opened.text).toMatch(/recording policy is violated in bandwidth call desk-7/);

    await happen([{ kind: 'recording', from: 'off', to: 'on', at: ago(0), observedAt: ago(0) }]);
    const resolved = await until(() => hook.received.find((b) => b.type === 'alert.resolved'));
    expect(resolved.alert.resolvedAt).not.toBeNull();
    expect(hook.received.filter((b) => b.type === 'alert.opened')).toHaveLength(1);
  });

  it('does not open within the grace', async () => {
    const history = new MemoryHistoryStore();
    const policies = memoryPolicyStore();
    await policies.create({ name: 'desks', enabled: true, match: {}, require: { recording: true, transcription: false }, graceSec: 600, retainDays: 2557 }, new Date());
    const assurance = createAssuranceService({ history, watcher: { onEvents: () => () => undefined }, providers: { get: () => ({ info: { capabilities: { participants: true } } }) as never }, logger, store: policies, chain: memoryChainStore(history) });
    const at = (sec: number) => new Date(Date.now() - sec * 1000).toISOString();
    await history.write(
      roomWrite(room, [
        { kind: 'watch.started', at: at(100), observedAt: at(100), state: 'active', recording: 'off', transcription: 'off', activeParticipants: 0, startedAt: at(100) },
        { kind: 'participant.joined', participantId: 'ann', name: null, at: at(100), observedAt: at(100) },
      ]),
    );
    expect(await assurance.openStretch(room, Date.now())).toBeNull();
  });
});
