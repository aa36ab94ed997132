import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { alertWebhookBodySchema, type AlertWebhookBody } from '../../../src/contract/alerts';
import type { NewRoomEvent } from '../../../src/contract/history';
import type { RoomRef } from '../../../src/contract/roomAccess';
import { MemoryAlertStore } from '../../support/memoryAlertStore';
import { AlertRuleError, createAlertService, type AlertService } from '../../../server/alerts/service';
import { verifySignature } from '../../../server/alerts/signature';
import type { AlertStore } from '../../../server/alerts/store';
import type { EventsListener } from '../../../server/watch/watcher';
import { createLogger } from '../../../server/logger';
import { roomWrite } from '../../support/historyFixtures';
import { MemoryHistoryStore } from '../../support/memoryHistoryStore';
import { ruleInput } from '../../support/alertStoreContract';

const SECRET = 'test-alert-webhook-secret';
const room: RoomRef = { provider: 'bandwidth', callId: 'room-1' };
const logger = createLogger('silent');

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  body: AlertWebhookBody;
}

/** A webhook receiver on 127.0.0.1 that answers with the statuses given, then 200 (or hangs when told). */
async function receiver(answers: (number | 'hang')[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const answer = answers.shift() ?? 200;
      received.push({ headers: req.headers, raw, body: alertWebhookBodySchema.parse(JSON.parse(raw)) });
      if (answer === 'hang') return;
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function harness(alertStore: AlertStore = new MemoryAlertStore(), history = new MemoryHistoryStore(), log = logger) {
  const listeners = new Set<EventsListener>();
  const watcher = { onEvents: (listener: EventsListener) => (listeners.add(listener), () => listeners.delete(listener)) };
  const make = (secret: string | null = SECRET) =>
    createAlertService({
      history,
      watcher,
      store: alertStore,
      config: { webhookSecret: secret ?? undefined, webhookAllow: ['127.0.0.1'] },
      logger: log,
      backoffMs: [100, 100, 100, 100, 100],
      tickMs: 50,
      sendTimeoutMs: 500,
    });
  /** What the watcher does: write the events, then tell its listeners the numbered batch. */
  async function happen(events: NewRoomEvent[]) {
    const written = await history.write(roomWrite(room, events));
    for (const listener of listeners) listener(room, written);
  }
  return { make, happen, alertStore, history };
}

const now = () => new Date().toISOString();
const started = (): NewRoomEvent => ({ kind: 'watch.started', at: now(), observedAt: now(), state: 'active', recording: 'on', transcription: 'off', activeParticipants: 2 });
const recording = (to: 'on' | 'off'): NewRoomEvent => ({ kind: 'recording', from: to === 'on' ? 'off' : 'on', to, at: now(), observedAt: now() });

async function until<T>(check: () => T | undefined | false, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function running(service: AlertService): Promise<AlertService> {
  await service.start();
  cleanups.push(() => service.close());
  return service;
}

describe('alerts, from the watcher to a signed webhook', () => {
  it('opens once when recording stops, resolves when it is back, each sent once and signed', async () => {
    const hook = await receiver();
    cleanups.push(hook.close);
    const h = harness();
    const service = await running(h.make());
    await service.createRule(ruleInput({ channels: [{ type: 'webhook', url: hook.url }] }));
    await h.happen([started()]);
    await h.happen([recording('off')]);
    // Further batches while the episode is open send nothing more.
    await h.happen([{ kind: 'participant.joined', participantId: 'p9', name: null, at: now(), observedAt: now() }]);
    const opened = await until(() => hook.received[0]);
    expect(opened.body).toMatchObject({ type: 'alert.opened', alert: { provider: 'bandwidth', callId: 'room-1', kind: 'recording.stopped', resolvedAt: null } });
    expect(opened.body.text).toMatch(/Recording stopped in bandwidth call room-1/);
    expect(opened.headers['x-roomwatch-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    expect(verifySignature(SECRET, opened.raw, String(opened.headers['x-roomwatch-signature']), Math.floor(Date.now() / 1000))).toBe(true);
    expect((await service.listAlerts('open')).map((a) => a.kind)).toEqual(['recording.stopped']);

    await h.happen([recording('on')]);
    const resolved = await until(() => hook.received[1]);
    expect(resolved.body.type).toBe('alert.resolved');
    expect(resolved.body.alert.resolvedAt).not.toBeNull();
    await new Promise((r) => setTimeout(r, 300));
    expect(hook.received).toHaveLength(2);
    const [alert] = await service.listAlerts('resolved');
    expect(alert?.deliveries.map((d) => [d.attempts, d.lastStatus, d.deliveredAt !== null])).toEqual([
      [1, 'HTTP 200', true],
      [1, 'HTTP 200', true],
    ]);
  });

  it('retries a receiver that fails three times, then it arrives exactly once under one delivery id', async () => {
    const hook = await receiver([500, 500, 503]);
    cleanups.push(hook.close);
    const h = harness();
    const service = await running(h.make());
    await service.createRule(ruleInput({ channels: [{ type: 'webhook', url: hook.url }] }));
    await h.happen([started(), recording('off')]);
    const delivered = await until(() => hook.received.length >= 4 && hook.received);
    await new Promise((r) => setTimeout(r, 400));
    expect(hook.received).toHaveLength(4);
    expect(new Set(delivered.map((r) => r.headers['x-roomwatch-delivery'])).size).toBe(1);
    const [open] = await service.listAlerts('open');
    expect(open?.deliveries[0]).toMatchObject({ attempts: 4, lastStatus: 'HTTP 200' });
  });

  it('gives a hanging receiver a timeout and a bounded number of tries', async () => {
    const hook = await receiver(Array<'hang'>(20).fill('hang'));
    cleanups.push(hook.close);
    const h = harness();
    const service = await running(h.make());
    await service.createRule(ruleInput({ channels: [{ type: 'webhook', url: hook.url }] }));
    await h.happen([started(), recording('off')]);
    const alert = await untilAsync(async () => {
      const [a] = await service.listAlerts('open');
      return a?.deliveries[0]?.lastStatus?.includes('gave up') ? a : undefined;
    }, 10_000);
    expect(alert.deliveries[0]).toMatchObject({ attempts: 6, deliveredAt: null });
    expect(alert.deliveries[0]?.lastStatus).toMatch(/^timeout; gave up after 6 tries$/);
    expect(hook.received).toHaveLength(6);
  }, 20_000);

  it('after a restart neither loses an undelivered alert nor repeats a delivered one', async () => {
    const hook = await receiver([500]);
    cleanups.push(hook.close);
    const h = harness();
    const first = h.make();
    await first.start();
    await first.createRule(ruleInput({ channels: [{ type: 'webhook', url: hook.url }] }));
    await h.happen([started(), recording('off')]);
    await until(() => hook.received.length === 1);
    await first.close(); // stopped between the failed try and the retry

    const second = h.make();
    await second.start();
    await until(() => hook.received.length === 2);
    expect(hook.received.map((r) => r.headers['x-roomwatch-delivery'])).toEqual([hook.received[0]?.headers['x-roomwatch-delivery'], hook.received[0]?.headers['x-roomwatch-delivery']]);
    await h.happen([{ kind: 'participant.joined', participantId: 'p2', name: null, at: now(), observedAt: now() }]);
    await second.close();

    const third = await running(h.make());
    await new Promise((r) => setTimeout(r, 400));
    // Delivered once, never again; the open episode was reloaded, not opened a second time.
    expect(hook.received).toHaveLength(2);
    expect(await third.listAlerts('all')).toHaveLength(1);
    expect((await third.listAlerts('open'))[0]?.deliveries[0]).toMatchObject({ attempts: 2, lastStatus: 'HTTP 200' });
  });

  it('never logs the secret, nor the webhook URL beyond its origin', async () => {
    const hook = await receiver([500]);
    cleanups.push(hook.close);
    let logged = '';
    const stream = new Writable({ write: (chunk: Buffer, _e, done) => ((logged += chunk.toString()), done()) });
    const h = harness(new MemoryAlertStore(), new MemoryHistoryStore(), createLogger('info', stream));
    const service = await running(h.make());
    const secretUrl = hook.url.replace('http://', 'http://hookuser:hookpass@') + '/T000/B000/pathtoken?token=querytoken';
    await service.createRule(ruleInput({ channels: [{ type: 'webhook', url: secretUrl }] }));
    await h.happen([started(), recording('off')]);
    await until(() => hook.received.length >= 2);
    await until(() => logged.includes('webhook delivered') || undefined);
    expect(logged).toContain(new URL(hook.url).origin);
    for (const secret of [SECRET, 'hookpass', 'hookuser', 'pathtoken', 'querytoken']) expect(logged).not.toContain(secret);
  });

  it('refuses webhook rules without ALERT_WEBHOOK_SECRET, and private or odd URLs', async () => {
    const h = harness();
    const unsigned = h.make(null);
    await expect(unsigned.createRule(ruleInput())).rejects.toThrow(/ALERT_WEBHOOK_SECRET/);
    const service = h.make();
    for (const url of ['http://hooks.example.com/x', 'https://10.0.0.1/x', 'https://[fe80::1]/x', 'https://169.254.169.254/latest']) {
      await expect(service.createRule(ruleInput({ channels: [{ type: 'webhook', url }] }))).rejects.toBeInstanceOf(AlertRuleError);
    }
    expect(await service.listRules()).toEqual([]);
  });
});

async function untilAsync<T>(check: () => Promise<T | undefined | false>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
