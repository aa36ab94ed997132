import type { AlertWebhookBody } from '../../src/contract/alerts';
import type { Clock, TimerHandle } from '../watch/clock';
import { toPublicAlert } from './publicAlert';
import type { AlertStore, DeliveryRow } from './store';
import { alertText } from './text';
import type { SendOutcome } from './webhookSender';
import { originOf } from './webhookUrl';
import type { DeliveryRecorder } from '../metrics/recorder';

/**
 * Waits before the next try, after the nth failed one: 2, 4, 8, 16, 32, 60, 60 s. Eight tries
 * over about three minutes: at least five within the first minute, then give up.
 */
export const DEFAULT_BACKOFF_MS = [2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000];

export interface DelivererLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DelivererDeps {
  store: AlertStore;
  clock: Clock;
  logger: DelivererLogger;
  send(url: string, deliveryId: string, body: AlertWebhookBody): Promise<SendOutcome>;
  ruleName(ruleId: string): Promise<string | undefined>;
  backoffMs?: readonly number[];
  /** How often the queue is read when nothing kicks it (deliveries due for a retry, other instances' work). */
  pollMs?: number;
  /** How long a claimed attempt holds its delivery: past the send timeout, so a crash mid-send retries it. */
  claimMs?: number;
  /** With METRICS_PORT: each attempt's outcome. */
  metrics?: DeliveryRecorder;
}

export interface Deliverer {
  /** Read the queue now (a delivery was just queued). */
  kick(): void;
  start(): void;
  /** Stops the timer and waits for attempts in flight. */
  close(): Promise<void>;
}

/**
 * Sends what the store has queued, with back-off. The queue is the store: a restart picks up
 * whatever was not yet delivered and never resends what was (delivered_at is written once
 * the receiver has answered 2xx; the same X-Roomwatch-Delivery id on every try lets a receiver
 * drop the one repeat a crash between its answer and that write could cause).
 */
export function createDeliverer(deps: DelivererDeps): Deliverer {
  const { store, clock, logger } = deps;
  const backoff = deps.backoffMs ?? DEFAULT_BACKOFF_MS;
  const pollMs = deps.pollMs ?? 1000;
  const claimMs = deps.claimMs ?? 60_000;
  let timer: TimerHandle | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  const iso = (ms: number) => new Date(ms).toISOString();

  async function attempt(row: DeliveryRow): Promise<void> {
    const now = clock.now();
    if (row.nextAttemptAt === null || !(await store.claimDelivery(row.id, row.nextAttemptAt, iso(now + claimMs)))) return;
    const alert = await store.alert(row.alertId);
    if (!alert) {
      await store.recordAttempt(row.id, { attempts: row.attempts, lastStatus: 'alert gone', deliveredAt: null, nextAttemptAt: null });
      return;
    }
    const publicAlert = toPublicAlert(alert);
    const body: AlertWebhookBody = { type: row.event, alert: publicAlert, text: alertText(row.event, publicAlert, await deps.ruleName(alert.ruleId)) };
    let outcome: SendOutcome;
    try {
      outcome = await deps.send(row.url, row.id, body);
    } catch (err) {
      logger.error({ err, delivery: row.id }, 'alerts: sending a webhook failed unexpectedly');
      outcome = { ok: false, status: 'failed', retry: true };
    }
    const attempts = row.attempts + 1;
    const done = clock.now();
    const wait = outcome.retry ? backoff[attempts - 1] : undefined;
    const status = outcome.ok || wait !== undefined ? outcome.status : `${outcome.status}; gave up after ${attempts} ${attempts === 1 ? 'try' : 'tries'}`;
    await store.recordAttempt(row.id, {
      attempts,
      lastStatus: status,
      deliveredAt: outcome.ok ? iso(done) : null,
      nextAttemptAt: outcome.ok || wait === undefined ? null : iso(done + wait),
    });
    deps.metrics?.alertDelivery(outcome.ok ? 'delivered' : wait === undefined ? 'gave_up' : 'failed');
    const log = { delivery: row.id, alert: row.alertId, event: row.event, to: originOf(row.url), attempts, status };
    if (outcome.ok) logger.info(log, 'alerts: webhook delivered');
    else logger.warn(log, wait === undefined ? 'alerts: webhook delivery given up' : 'alerts: webhook delivery failed; retrying later');
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      const due = await store.dueDeliveries(iso(clock.now()), 50);
      await Promise.all(due.map((row) => attempt(row).catch((err: unknown) => logger.error({ err, delivery: row.id }, 'alerts: delivery bookkeeping failed'))));
      if (due.length === 50) again = true;
    } while (again && !closed);
  }

  function run(): void {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch((err: unknown) => logger.error({ err }, 'alerts: reading the delivery queue failed'))
      .finally(() => {
        running = undefined;
        if (again && !closed) run();
      });
  }

  function arm(): void {
    if (closed) return;
    timer = clock.setTimeout(() => {
      run();
      arm();
    }, pollMs);
  }

  return {
    kick: run,
    start() {
      run();
      arm();
    },
    async close() {
      closed = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      await running;
    },
  };
}
