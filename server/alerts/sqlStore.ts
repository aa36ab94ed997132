import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { alertConditionSchema, alertRuleSchema, type AlertRule, type AlertRuleInput } from '../../src/contract/alerts';
import { providerIdSchema } from '../../src/contract/ids';
import type { StoreDatabase } from '../history/store';
import { postgresRunner, sqliteRunner, type SqlRunner, type Statement } from './sql';
import type { AlertEvent, AlertStateFilter, AlertStore, DeliveryRow, NewAlert, StoredAlert } from './store';
import { MemoryAlertStore } from './memoryStore';

const ruleRow = z.object({ id: z.string(), body: z.string() });
const alertRow = z.object({
  id: z.string(),
  rule_id: z.string(),
  provider: providerIdSchema,
  call_id: z.string(),
  kind: alertConditionSchema,
  opened_at: z.string(),
  resolved_at: z.string().nullable(),
});
const deliveryRow = z.object({
  id: z.string(),
  alert_id: z.string(),
  event: z.enum(['alert.opened', 'alert.resolved']),
  url: z.string(),
  created_at: z.string(),
  attempts: z.coerce.number().int(),
  last_status: z.string().nullable(),
  delivered_at: z.string().nullable(),
  next_attempt_at: z.string().nullable(),
});

const ruleBody = alertRuleSchema.omit({ id: true });

function toDelivery(row: unknown): DeliveryRow {
  const r = deliveryRow.parse(row);
  return {
    id: r.id,
    alertId: r.alert_id,
    event: r.event,
    url: r.url,
    createdAt: r.created_at,
    attempts: r.attempts,
    lastStatus: r.last_status,
    deliveredAt: r.delivered_at,
    nextAttemptAt: r.next_attempt_at,
  };
}

function queueDeliveries(alertId: string, event: AlertEvent, urls: readonly string[], now: string, guard: Statement): Statement[] {
  // Written only if the guard row exists, in the same transaction: no delivery without its episode.
  return urls.map((url) => ({
    sql: `INSERT INTO alert_deliveries (id, alert_id, event, url, created_at, attempts, last_status, delivered_at, next_attempt_at)
          SELECT ?, ?, ?, ?, ?, 0, NULL, NULL, ? WHERE EXISTS (${guard.sql}) ON CONFLICT DO NOTHING`,
    params: [randomUUID(), alertId, event, url, now, now, ...guard.params],
  }));
}

/** The alert store on the history database (SQLite or PostgreSQL): same SQL, `?` rewritten for PostgreSQL. */
export class SqlAlertStore implements AlertStore {
  constructor(private readonly sql: SqlRunner) {}

  async listRules(): Promise<AlertRule[]> {
    const rows = await this.sql.all({ sql: 'SELECT id, body FROM alert_rules ORDER BY created_at, id', params: [] });
    return rows.map((row) => {
      const { id, body } = ruleRow.parse(row);
      return { id, ...ruleBody.parse(JSON.parse(body)) };
    });
  }

  async rule(id: string): Promise<AlertRule | undefined> {
    const rows = await this.sql.all({ sql: 'SELECT id, body FROM alert_rules WHERE id = ?', params: [id] });
    if (!rows[0]) return undefined;
    const row = ruleRow.parse(rows[0]);
    return { id: row.id, ...ruleBody.parse(JSON.parse(row.body)) };
  }

  async createRule(input: AlertRuleInput, now: string): Promise<AlertRule> {
    const rule = { id: randomUUID(), ...input };
    await this.sql.batch([{ sql: 'INSERT INTO alert_rules (id, created_at, body) VALUES (?, ?, ?)', params: [rule.id, now, JSON.stringify(input)] }]);
    return rule;
  }

  async replaceRule(rule: AlertRule): Promise<AlertRule | undefined> {
    const { id, ...body } = rule;
    const [changed] = await this.sql.batch([{ sql: 'UPDATE alert_rules SET body = ? WHERE id = ?', params: [JSON.stringify(body), id] }]);
    return changed ? rule : undefined;
  }

  async deleteRule(id: string): Promise<boolean> {
    const [changed] = await this.sql.batch([{ sql: 'DELETE FROM alert_rules WHERE id = ?', params: [id] }]);
    return (changed ?? 0) > 0;
  }

  async openAlert(alert: NewAlert, urls: readonly string[], now: string): Promise<StoredAlert | undefined> {
    const id = randomUUID();
    const [inserted] = await this.sql.batch([
      {
        sql: `INSERT INTO alerts (id, rule_id, provider, call_id, kind, opened_at, resolved_at) VALUES (?, ?, ?, ?, ?, ?, NULL) ON CONFLICT DO NOTHING`,
        params: [id, alert.ruleId, alert.provider, alert.callId, alert.kind, alert.openedAt],
      },
      ...queueDeliveries(id, 'alert.opened', urls, now, { sql: 'SELECT 1 FROM alerts WHERE id = ?', params: [id] }),
    ]);
    return inserted ? this.alert(id) : undefined;
  }

  async resolveAlert(id: string, resolvedAt: string, urls: readonly string[]): Promise<StoredAlert | undefined> {
    const [changed] = await this.sql.batch([
      { sql: 'UPDATE alerts SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL', params: [resolvedAt, id] },
      ...queueDeliveries(id, 'alert.resolved', urls, resolvedAt, {
        sql: 'SELECT 1 FROM alerts WHERE id = ? AND resolved_at IS NOT NULL',
        params: [id],
      }),
    ]);
    return changed ? this.alert(id) : undefined;
  }

  async alert(id: string): Promise<StoredAlert | undefined> {
    const rows = await this.sql.all({ sql: 'SELECT * FROM alerts WHERE id = ?', params: [id] });
    return (await this.withDeliveries(rows))[0];
  }

  async listAlerts(state: AlertStateFilter, limit: number): Promise<StoredAlert[]> {
    const where = state === 'open' ? 'WHERE resolved_at IS NULL' : state === 'resolved' ? 'WHERE resolved_at IS NOT NULL' : '';
    const rows = await this.sql.all({ sql: `SELECT * FROM alerts ${where} ORDER BY opened_at DESC, id DESC LIMIT ?`, params: [limit] });
    return this.withDeliveries(rows);
  }

  async dueDeliveries(now: string, limit: number): Promise<DeliveryRow[]> {
    const rows = await this.sql.all({
      sql: 'SELECT * FROM alert_deliveries WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?',
      params: [now, limit],
    });
    return rows.map(toDelivery);
  }

  async claimDelivery(id: string, expected: string, until: string): Promise<boolean> {
    const [changed] = await this.sql.batch([
      { sql: 'UPDATE alert_deliveries SET next_attempt_at = ? WHERE id = ? AND next_attempt_at = ?', params: [until, id, expected] },
    ]);
    return (changed ?? 0) > 0;
  }

  async recordAttempt(id: string, outcome: Pick<DeliveryRow, 'attempts' | 'lastStatus' | 'deliveredAt' | 'nextAttemptAt'>): Promise<void> {
    await this.sql.batch([
      {
        sql: 'UPDATE alert_deliveries SET attempts = ?, last_status = ?, delivered_at = ?, next_attempt_at = ? WHERE id = ?',
        params: [outcome.attempts, outcome.lastStatus, outcome.deliveredAt, outcome.nextAttemptAt, id],
      },
    ]);
  }

  private async withDeliveries(rows: unknown[]): Promise<StoredAlert[]> {
    const alerts = rows.map((row) => alertRow.parse(row));
    if (alerts.length === 0) return [];
    const deliveries = (
      await this.sql.all({
        sql: `SELECT * FROM alert_deliveries WHERE alert_id IN (${alerts.map(() => '?').join(', ')}) ORDER BY created_at, event, url`,
        params: alerts.map((a) => a.id),
      })
    ).map(toDelivery);
    return alerts.map((a) => ({
      id: a.id,
      ruleId: a.rule_id,
      provider: a.provider,
      callId: a.call_id,
      kind: a.kind,
      openedAt: a.opened_at,
      resolvedAt: a.resolved_at,
      deliveries: deliveries.filter((d) => d.alertId === a.id),
    }));
  }
}

/** The alert store for the history store's database (memory for the in-memory test store). */
export function alertStoreFor(database: StoreDatabase): AlertStore {
  if (database.kind === 'sqlite') return new SqlAlertStore(sqliteRunner(database.db));
  if (database.kind === 'postgres') return new SqlAlertStore(postgresRunner(database.pool));
  return new MemoryAlertStore();
}
