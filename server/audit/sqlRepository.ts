import { z } from 'zod';
import { auditActionSchema, type AuditEntry } from '../../src/contract/audit';
import { postgresRunner, sqliteRunner, type SqlRunner, type Statement } from '../alerts/sql';
import type { StoreDatabase } from '../history/store';
import { MemoryAuditRepository, type AuditFilter, type AuditRepository } from './repository';

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

function entryOf(row: unknown): AuditEntry {
  const r = rowSchema.parse(row);
  const details: unknown = JSON.parse(r.details);
  return {
    id: r.id,
    at: r.at,
    actor: { sub: r.actor_sub, name: r.actor_name },
    action: r.action,
    target: { type: r.target_type, id: r.target_id },
    details: typeof details === 'object' && details !== null && !Array.isArray(details) ? (details as Record<string, unknown>) : {},
  };
}

/** The audit log in the room history's database (SQLite or PostgreSQL), through one SqlRunner. */
export class SqlAuditRepository implements AuditRepository {
  constructor(private readonly sql: SqlRunner) {}

  async append(e: AuditEntry): Promise<void> {
    await this.sql.batch([
      {
        sql: 'INSERT INTO audit_entries (id, at, actor_sub, actor_name, action, target_type, target_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        params: [e.id, e.at, e.actor.sub, e.actor.name, e.action, e.target.type, e.target.id, JSON.stringify(e.details)],
      },
    ]);
  }

  async list(filter: AuditFilter): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.actor !== undefined) {
      where.push('actor_sub = ?');
      params.push(filter.actor);
    }
    if (filter.action !== undefined) {
      where.push('action = ?');
      params.push(filter.action);
    }
    if (filter.before !== undefined) {
      where.push('(at < ? OR (at = ? AND id < ?))');
      params.push(filter.before.at, filter.before.at, filter.before.id);
    }
    const statement: Statement = {
      sql: `SELECT id, at, actor_sub, actor_name, action, target_type, target_id, details FROM audit_entries${
        where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''
      } ORDER BY at DESC, id DESC LIMIT ?`,
      params: [...params, filter.limit],
    };
    return (await this.sql.all(statement)).map(entryOf);
  }

  async deleteBefore(cutoff: string): Promise<number> {
    const [removed = 0] = await this.sql.batch([{ sql: 'DELETE FROM audit_entries WHERE at < ?', params: [cutoff] }]);
    return removed;
  }
}

/** The audit repository for the history store's database; memory without one (HISTORY=off, or the in-memory test store). */
export function auditRepositoryFor(database: StoreDatabase | undefined): AuditRepository {
  if (database?.kind === 'sqlite') return new SqlAuditRepository(sqliteRunner(database.db));
  if (database?.kind === 'postgres') return new SqlAuditRepository(postgresRunner(database.pool));
  return new MemoryAuditRepository();
}
