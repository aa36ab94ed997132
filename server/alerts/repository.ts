import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { alertConditionSchema, alertRuleSchema, type AlertRule, type AlertRuleInput } from '../../src/contract/alerts';
import { providerIdSchema } from '../../src/contract/ids';
import type { AppDatabase, Database } from '../db';
import type { AlertEvent, AlertStateFilter, AlertStore, DeliveryRow, NewAlert, StoredAlert } from './store';

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

function toRule(row: unknown): AlertRule {
  const { id, body } = ruleRow.parse(row);
  return { id, ...ruleBody.parse(JSON.parse(body)) };
}

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

/** Queues a pending delivery per URL, in the transaction that opened or resolved the episode. */
async function queueDeliveries(trx: Kysely<Database>, alertId: string, event: AlertEvent, urls: readonly string[], now: string): Promise<void> {
  if (urls.length === 0) return;
  await trx
    .insertInto('alert_deliveries')
    .values(
      urls.map((url) => ({
        id: randomUUID(),
        alert_id: alertId,
        event,
        url,
        created_at: now,
        attempts: 0,
        last_status: null,
        delivered_at: null,
        next_attempt_at: now,
      })),
    )
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}

/** Rules, episodes and webhook deliveries on the database (SQLite or PostgreSQL): every query once. */
export function alertRepository(database: AppDatabase): AlertStore {
  const { db } = database;

  const withDeliveries = async (rows: unknown[]): Promise<StoredAlert[]> => {
    const alerts = rows.map((row) => alertRow.parse(row));
    if (alerts.length === 0) return [];
    const deliveries = (
      await db
        .selectFrom('alert_deliveries')
        .selectAll()
        .where(
          'alert_id',
          'in',
          alerts.map((a) => a.id),
        )
        .orderBy('created_at')
        .orderBy('event')
        .orderBy('url')
        .execute()
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
  };

  const alert = async (id: string): Promise<StoredAlert | undefined> =>
    (await withDeliveries(await db.selectFrom('alerts').selectAll().where('id', '=', id).execute()))[0];

  return {
    async listRules() {
      return (await db.selectFrom('alert_rules').select(['id', 'body']).orderBy('created_at').orderBy('id').execute()).map(toRule);
    },

    async rule(id) {
      const row = await db.selectFrom('alert_rules').select(['id', 'body']).where('id', '=', id).executeTakeFirst();
      return row ? toRule(row) : undefined;
    },

    async createRule(input: AlertRuleInput, now: string) {
      const rule = { id: randomUUID(), ...input };
      await db.insertInto('alert_rules').values({ id: rule.id, created_at: now, body: JSON.stringify(input) }).execute();
      return rule;
    },

    async replaceRule(rule: AlertRule) {
      const { id, ...body } = rule;
      const result = await db.updateTable('alert_rules').set({ body: JSON.stringify(body) }).where('id', '=', id).executeTakeFirst();
      return result.numUpdatedRows > 0n ? rule : undefined;
    },

    async deleteRule(id) {
      const result = await db.deleteFrom('alert_rules').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async openAlert(opened: NewAlert, urls, now) {
      const id = randomUUID();
      const inserted = await database.transaction(async (trx) => {
        // The partial unique index (one open episode per rule and room) turns a second opener into a no-op.
        const result = await trx
          .insertInto('alerts')
          .values({
            id,
            rule_id: opened.ruleId,
            provider: opened.provider,
            call_id: opened.callId,
            kind: opened.kind,
            opened_at: opened.openedAt,
            resolved_at: null,
          })
          .onConflict((conflict) => conflict.doNothing())
          .executeTakeFirst();
        if ((result.numInsertedOrUpdatedRows ?? 0n) === 0n) return false;
        await queueDeliveries(trx, id, 'alert.opened', urls, now);
        return true;
      });
      return inserted ? alert(id) : undefined;
    },

    async resolveAlert(id, resolvedAt, urls) {
      const changed = await database.transaction(async (trx) => {
        const result = await trx.updateTable('alerts').set({ resolved_at: resolvedAt }).where('id', '=', id).where('resolved_at', 'is', null).executeTakeFirst();
        if (result.numUpdatedRows === 0n) return false;
        await queueDeliveries(trx, id, 'alert.resolved', urls, resolvedAt);
        return true;
      });
      return changed ? alert(id) : undefined;
    },

    alert,

    async listAlerts(state: AlertStateFilter, limit: number) {
      let select = db.selectFrom('alerts').selectAll();
      if (state === 'open') select = select.where('resolved_at', 'is', null);
      if (state === 'resolved') select = select.where('resolved_at', 'is not', null);
      return withDeliveries(await select.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(limit).execute());
    },

    async dueDeliveries(now, limit) {
      const rows = await db
        .selectFrom('alert_deliveries')
        .selectAll()
        .where('next_attempt_at', 'is not', null)
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toDelivery);
    },

    async claimDelivery(id, expected, until) {
      const result = await db
        .updateTable('alert_deliveries')
        .set({ next_attempt_at: until })
        .where('id', '=', id)
        .where('next_attempt_at', '=', expected)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async recordAttempt(id, outcome) {
      await db
        .updateTable('alert_deliveries')
        .set({ attempts: outcome.attempts, last_status: outcome.lastStatus, delivered_at: outcome.deliveredAt, next_attempt_at: outcome.nextAttemptAt })
        .where('id', '=', id)
        .execute();
    },
  };
}
