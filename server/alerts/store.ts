import type { Alert, AlertCondition, AlertRule, AlertRuleInput } from '../../src/contract/alerts';
import type { RoomRef } from '../../src/contract/roomAccess';

export type AlertEvent = 'alert.opened' | 'alert.resolved';

/** One webhook delivery as kept: stable id (sent as X-Roomwatch-Delivery), what, where, how far. */
export interface DeliveryRow {
  id: string;
  alertId: string;
  event: AlertEvent;
  url: string;
  createdAt: string;
  attempts: number;
  lastStatus: string | null;
  deliveredAt: string | null;
  /** null once delivered or given up. */
  nextAttemptAt: string | null;
}

export interface NewAlert extends RoomRef {
  ruleId: string;
  kind: AlertCondition;
  openedAt: string;
}

/** An alert with its deliveries' rows (the API shows them through `toPublicAlert`). */
export interface StoredAlert {
  id: string;
  ruleId: string;
  provider: Alert['provider'];
  callId: string;
  kind: AlertCondition;
  openedAt: string;
  resolvedAt: string | null;
  deliveries: DeliveryRow[];
}

export type AlertStateFilter = 'open' | 'resolved' | 'all';

/**
 * Rules, alert episodes and webhook deliveries, in the history database (SQLite or PostgreSQL)
 * or in memory for tests. All of them run through test/support/alertStoreContract.ts.
 */
export interface AlertStore {
  listRules(): Promise<AlertRule[]>;
  rule(id: string): Promise<AlertRule | undefined>;
  createRule(input: AlertRuleInput, now: string): Promise<AlertRule>;
  /** Replaces the rule's fields; undefined when there is no such rule. */
  replaceRule(rule: AlertRule): Promise<AlertRule | undefined>;
  deleteRule(id: string): Promise<boolean>;
  /**
   * Opens an episode with a pending delivery per URL; undefined (and nothing written) when one
   * is already open for that rule and room, whoever opened it.
   */
  openAlert(alert: NewAlert, urls: readonly string[], now: string): Promise<StoredAlert | undefined>;
  /** Resolves an open episode and queues its alert.resolved deliveries; undefined when it was not open. */
  resolveAlert(id: string, resolvedAt: string, urls: readonly string[]): Promise<StoredAlert | undefined>;
  alert(id: string): Promise<StoredAlert | undefined>;
  /** Newest first, at most `limit`. */
  listAlerts(state: AlertStateFilter, limit: number): Promise<StoredAlert[]>;
  /** Deliveries still to try whose time has come, oldest first. */
  dueDeliveries(now: string, limit: number): Promise<DeliveryRow[]>;
  /**
   * Takes a due delivery for one attempt: moves its next attempt to `until` only if it is still
   * at `expected`, so two loops (or instances) never send the same attempt twice.
   */
  claimDelivery(id: string, expected: string, until: string): Promise<boolean>;
  /** Records the outcome of an attempt. */
  recordAttempt(id: string, outcome: Pick<DeliveryRow, 'attempts' | 'lastStatus' | 'deliveredAt' | 'nextAttemptAt'>): Promise<void>;
}
