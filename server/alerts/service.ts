import { randomUUID } from 'node:crypto';
import type { Alert, AlertDelivery, AlertRule, AlertRuleInput, AlertRulePatch, AlertWebhookBody } from '../../src/contract/alerts';
import type { HistoryStore } from '../history/store';
import { systemClock, type Clock } from '../watch/clock';
import type { Watcher } from '../watch/watcher';
import type { AlertsConfig } from './config';
import { createDeliverer, type DelivererLogger } from './deliverer';
import { createEvaluator, type EvaluatorDeps, webhookUrls } from './evaluator';
import { deliveryChannel, toPublicAlert } from './publicAlert';
import type { AlertStateFilter, AlertStore } from './store';
import { alertText } from './text';
import { sendWebhook } from './webhookSender';
import { checkWebhookUrl, type Resolver } from './webhookUrl';
import type { DeliveryRecorder } from '../metrics/recorder';

/** A rule the caller may fix: the message is safe to answer with a 400. */
export class AlertRuleError extends Error {
  constructor(readonly publicMessage: string) {
    super(publicMessage);
    this.name = 'AlertRuleError';
  }
}

export interface AlertService {
  listRules(): Promise<AlertRule[]>;
  createRule(input: AlertRuleInput): Promise<AlertRule>;
  /** undefined: no such rule. */
  updateRule(id: string, patch: AlertRulePatch): Promise<AlertRule | undefined>;
  deleteRule(id: string): Promise<boolean>;
  listAlerts(state: AlertStateFilter): Promise<Alert[]>;
  /** One immediate try of a sample alert to each of the rule's webhooks; undefined: no such rule. */
  sendTest(id: string): Promise<AlertDelivery[] | undefined>;
  /** How many alerts are open in the store (every instance's): the metrics' roomwatch_alerts_open. */
  openCount(): Promise<number>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface AlertServiceDeps {
  history: HistoryStore;
  watcher: Pick<Watcher, 'onEvents'>;
  config: AlertsConfig;
  logger: DelivererLogger;
  /** Where rules, episodes and deliveries are kept: alertRepository(database) in production. */
  store: AlertStore;
  clock?: Clock;
  resolver?: Resolver;
  sendTimeoutMs?: number;
  backoffMs?: readonly number[];
  tickMs?: number;
  /** With METRICS_PORT: webhook delivery outcomes. */
  metrics?: DeliveryRecorder;
  /** For `policy.violated` (recording assurance); without it that condition never holds. */
  policyStretch?: EvaluatorDeps['policyStretch'];
  /**
   * Several instances: alerts follow the rooms' leases (see the evaluator), and a delivery
   * claimed by an instance that died is tried again by another as soon as its send could no
   * longer be running (the send timeout and a margin), not after a minute.
   */
  leases?: EvaluatorDeps['leases'];
}

/** Past the send timeout, a claim is an instance that died mid-send: the margin covers the bookkeeping. */
const CLAIM_MARGIN_MS = 2_000;

/** How many alerts GET /api/alerts answers at most (newest first). */
export const ALERT_LIST_LIMIT = 200;

/**
 * Alerts as one service: the rules (checked), the evaluator the watcher feeds, the delivery
 * queue, and what the routes read. Runs with no browser open: it lives beside the watcher.
 */
export function createAlertService(deps: AlertServiceDeps): AlertService {
  const store = deps.store;
  const clock = deps.clock ?? systemClock;
  const { config } = deps;
  const sendOptions = { allow: config.webhookAllow, timeoutMs: deps.sendTimeoutMs ?? 10_000, ...(deps.resolver ? { resolver: deps.resolver } : {}) };

  const send = (url: string, deliveryId: string, body: AlertWebhookBody) => {
    if (!config.webhookSecret) return Promise.resolve({ ok: false, status: 'refused: ALERT_WEBHOOK_SECRET is not set', retry: false });
    return sendWebhook(url, deliveryId, body, { ...sendOptions, secret: config.webhookSecret }, new Date(clock.now()));
  };
  const ruleName = async (id: string) => (await store.rule(id))?.name;

  const deliverer = createDeliverer({
    store,
    clock,
    logger: deps.logger,
    send,
    ruleName,
    ...(deps.backoffMs ? { backoffMs: deps.backoffMs } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.leases ? { claimMs: sendOptions.timeoutMs + CLAIM_MARGIN_MS } : {}),
  });
  const evaluator = createEvaluator({
    history: deps.history,
    watcher: deps.watcher,
    alerts: store,
    clock,
    logger: deps.logger,
    changed: () => deliverer.kick(),
    ...(deps.tickMs ? { tickMs: deps.tickMs } : {}),
    ...(deps.policyStretch ? { policyStretch: deps.policyStretch } : {}),
    ...(deps.leases ? { leases: deps.leases } : {}),
  });

  function checkRule(rule: Pick<AlertRule, 'channels'>): void {
    const urls = webhookUrls(rule);
    if (urls.length > 0 && !config.webhookSecret) {
      throw new AlertRuleError('Webhook channels need ALERT_WEBHOOK_SECRET to be set on the server, so receivers can check the signature.');
    }
    if (new Set(urls).size !== urls.length) throw new AlertRuleError('The same webhook URL is listed twice.');
    for (const url of urls) {
      try {
        checkWebhookUrl(url, config.webhookAllow);
      } catch (error) {
        throw new AlertRuleError(error instanceof Error && 'publicMessage' in error ? String(error.publicMessage) : 'The webhook URL is not allowed.');
      }
    }
  }

  return {
    listRules: () => store.listRules(),
    async createRule(input) {
      checkRule(input);
      const rule = await store.createRule(input, new Date(clock.now()).toISOString());
      evaluator.rulesChanged();
      return rule;
    },
    async updateRule(id, patch) {
      const current = await store.rule(id);
      if (!current) return undefined;
      const next: AlertRule = { ...current, ...patch, id };
      checkRule(next);
      const saved = await store.replaceRule(next);
      evaluator.rulesChanged();
      return saved;
    },
    async deleteRule(id) {
      const deleted = await store.deleteRule(id);
      evaluator.rulesChanged();
      return deleted;
    },
    async listAlerts(state) {
      return (await store.listAlerts(state, ALERT_LIST_LIMIT)).map(toPublicAlert);
    },
    async sendTest(id) {
      const rule = await store.rule(id);
      if (!rule) return undefined;
      const now = new Date(clock.now()).toISOString();
      const sample: Alert = { id: `test-${randomUUID()}`, ruleId: rule.id, provider: rule.match.provider ?? 'proconf', callId: 'test-call', kind: rule.when, openedAt: now, resolvedAt: null, deliveries: [] };
      const text = `Test from roomwatch: ${alertText('alert.opened', sample, rule.name)}`;
      return Promise.all(
        webhookUrls(rule).map(async (url) => {
          const outcome = await send(url, randomUUID(), { type: 'alert.opened', alert: sample, text });
          return { channel: deliveryChannel({ event: 'alert.opened', url }), attempts: 1, lastStatus: outcome.status, deliveredAt: outcome.ok ? new Date(clock.now()).toISOString() : null };
        }),
      );
    },
    async openCount() {
      return (await store.listAlerts('open', 100_000)).length;
    },
    async start() {
      await evaluator.start();
      deliverer.start();
    },
    async close() {
      await evaluator.close();
      await deliverer.close();
    },
  };
}
