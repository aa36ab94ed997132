import { randomUUID } from 'node:crypto';
import type { AlertRule, AlertRuleInput } from '../../src/contract/alerts';
import type { AlertEvent, AlertStateFilter, AlertStore, DeliveryRow, NewAlert, StoredAlert } from '../../server/alerts/store';

type AlertRow = Omit<StoredAlert, 'deliveries'>;

/** The alert store in memory, for tests of its users: the memory history store's companion, faithful to the repository. */
export class MemoryAlertStore implements AlertStore {
  private readonly rules = new Map<string, AlertRule>();
  private readonly alerts = new Map<string, AlertRow>();
  private readonly deliveries = new Map<string, DeliveryRow>();

  async listRules(): Promise<AlertRule[]> {
    return structuredClone([...this.rules.values()]);
  }

  async rule(id: string): Promise<AlertRule | undefined> {
    return structuredClone(this.rules.get(id));
  }

  async createRule(input: AlertRuleInput, _now?: string): Promise<AlertRule> {
    const rule = { id: randomUUID(), ...structuredClone(input) };
    this.rules.set(rule.id, rule);
    return structuredClone(rule);
  }

  async replaceRule(rule: AlertRule): Promise<AlertRule | undefined> {
    if (!this.rules.has(rule.id)) return undefined;
    this.rules.set(rule.id, structuredClone(rule));
    return structuredClone(rule);
  }

  async deleteRule(id: string): Promise<boolean> {
    return this.rules.delete(id);
  }

  async openAlert(alert: NewAlert, urls: readonly string[], now: string): Promise<StoredAlert | undefined> {
    for (const a of this.alerts.values()) {
      if (a.resolvedAt === null && a.ruleId === alert.ruleId && a.provider === alert.provider && a.callId === alert.callId) return undefined;
    }
    const id = randomUUID();
    this.alerts.set(id, { id, ruleId: alert.ruleId, provider: alert.provider, callId: alert.callId, kind: alert.kind, openedAt: alert.openedAt, resolvedAt: null });
    this.queue(id, 'alert.opened', urls, now);
    return this.alert(id);
  }

  async resolveAlert(id: string, resolvedAt: string, urls: readonly string[]): Promise<StoredAlert | undefined> {
    const row = this.alerts.get(id);
    if (!row || row.resolvedAt !== null) return undefined;
    row.resolvedAt = resolvedAt;
    this.queue(id, 'alert.resolved', urls, resolvedAt);
    return this.alert(id);
  }

  async alert(id: string): Promise<StoredAlert | undefined> {
    const row = this.alerts.get(id);
    return row ? this.withDeliveries(row) : undefined;
  }

  async listAlerts(state: AlertStateFilter, limit: number): Promise<StoredAlert[]> {
    return [...this.alerts.values()]
      .filter((a) => state === 'all' || (state === 'open') === (a.resolvedAt === null))
      .sort((a, b) => b.openedAt.localeCompare(a.openedAt) || b.id.localeCompare(a.id))
      .slice(0, limit)
      .map((a) => this.withDeliveries(a));
  }

  async dueDeliveries(now: string, limit: number): Promise<DeliveryRow[]> {
    return structuredClone(
      [...this.deliveries.values()]
        .filter((d) => d.nextAttemptAt !== null && d.nextAttemptAt <= now)
        .sort((a, b) => a.nextAttemptAt!.localeCompare(b.nextAttemptAt!) || a.id.localeCompare(b.id))
        .slice(0, limit),
    );
  }

  async claimDelivery(id: string, expected: string, until: string): Promise<boolean> {
    const row = this.deliveries.get(id);
    if (!row || row.nextAttemptAt !== expected) return false;
    row.nextAttemptAt = until;
    return true;
  }

  async recordAttempt(id: string, outcome: Pick<DeliveryRow, 'attempts' | 'lastStatus' | 'deliveredAt' | 'nextAttemptAt'>): Promise<void> {
    const row = this.deliveries.get(id);
    if (row) Object.assign(row, outcome);
  }

  private queue(alertId: string, event: AlertEvent, urls: readonly string[], now: string): void {
    for (const url of new Set(urls)) {
      const id = randomUUID();
      this.deliveries.set(id, { id, alertId, event, url, createdAt: now, attempts: 0, lastStatus: null, deliveredAt: null, nextAttemptAt: now });
    }
  }

  private withDeliveries(row: AlertRow): StoredAlert {
    const deliveries = [...this.deliveries.values()]
      .filter((d) => d.alertId === row.id)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.event.localeCompare(b.event) || a.url.localeCompare(b.url));
    return structuredClone({ ...row, deliveries });
  }
}
