import { z } from 'zod';
import { auditActionSchema, type AuditEntry } from '../../src/contract/audit';
import type { AppDatabase } from '../db';
import { MemoryAuditStore } from './memoryStore';
import type { AuditStore } from './store';

const rowSchema = z.object({
  id: z.string(),
  at: z.string(),
  actor_sub: z.string(),
  actor_name: z.string(),
  action: auditActionSchema,
  target_type: z.string(),
  target_id: z.string(),
  details: z.string(),
});
const detailsSchema = z.record(z.string(), z.unknown());

function entryOf(row: unknown): AuditEntry {
  const r = rowSchema.parse(row);
  const details = detailsSchema.safeParse(JSON.parse(r.details));
  return {
    id: r.id,
    at: r.at,
    actor: { sub: r.actor_sub, name: r.actor_name },
    action: r.action,
    target: { type: r.target_type, id: r.target_id },
    details: details.success ? details.data : {},
  };
}

/** The audit log on the database (SQLite or PostgreSQL): one query per method for both dialects. */
export function auditRepository(database: AppDatabase): AuditStore {
  const { db } = database;
  return {
    async append(e) {
      await db
        .insertInto('audit_entries')
        .values({
          id: e.id,
          at: e.at,
          actor_sub: e.actor.sub,
          actor_name: e.actor.name,
          action: e.action,
          target_type: e.target.type,
          target_id: e.target.id,
          details: JSON.stringify(e.details),
        })
        .execute();
    },
    async list(filter) {
      let query = db.selectFrom('audit_entries').selectAll();
      if (filter.actor !== undefined) query = query.where('actor_sub', '=', filter.actor);
      if (filter.action !== undefined) query = query.where('action', '=', filter.action);
      const before = filter.before;
      if (before !== undefined) {
        query = query.where((eb) => eb.or([eb('at', '<', before.at), eb.and([eb('at', '=', before.at), eb('id', '<', before.id)])]));
      }
      const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
      return rows.map(entryOf);
    },
    async deleteBefore(cutoff) {
      const result = await db.deleteFrom('audit_entries').where('at', '<', cutoff).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

/** On the history's database; in memory without one (HISTORY=off). */
export function auditRepositoryFor(database: AppDatabase | undefined): AuditStore {
  return database ? auditRepository(database) : new MemoryAuditStore();
}
