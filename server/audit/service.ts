import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { AuditEntry, AuditPage, AuditQuery } from '../../src/contract/audit';
import type { AuditEntryInput, AuditLog } from './auditLog';
import { decodeCursor, encodeCursor } from './cursor';
import type { AuditStore } from './store';

const DAY_MS = 86_400_000;
/** Retention runs at start and then this often; entries past AUDIT_DAYS go within an hour. */
const RETENTION_EVERY_MS = 3_600_000;
/** The CSV export reads the log in pages of this size. */
const EXPORT_PAGE = 500;
const MAX_DETAILS_BYTES = 4096;

/** Keys whose values must never be kept, whatever a caller passes by mistake. */
const SECRET_KEY = /token|secret|password|authorization|cookie|credential|signature/i;

/** `details` without secret-looking keys, at most 4 KiB of JSON. */
export function scrubDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!details) return {};
  const scrub = (value: unknown, depth: number): unknown => {
    if (Array.isArray(value)) return depth > 4 ? [] : value.slice(0, 50).map((v) => scrub(v, depth + 1));
    if (typeof value !== 'object' || value === null) return typeof value === 'string' ? value.slice(0, 500) : value;
    if (depth > 4) return {};
    return Object.fromEntries(Object.entries(value).filter(([key]) => !SECRET_KEY.test(key)).map(([key, v]) => [key, scrub(v, depth + 1)]));
  };
  const clean = scrub(details, 0) as Record<string, unknown>;
  return JSON.stringify(clean).length > MAX_DETAILS_BYTES ? { truncated: true } : clean;
}

export class AuditCursorError extends Error {}

export interface AuditService extends AuditLog {
  page(query: AuditQuery): Promise<AuditPage>;
  /** Every entry matching the filters, newest first, a page at a time (for the CSV export). */
  each(filter: Pick<AuditQuery, 'actor' | 'action'>): AsyncGenerator<AuditEntry[]>;
  /** Deletes what is older than AUDIT_DAYS now, and then every hour until close(). */
  start(): Promise<void>;
  close(): void;
}

export interface AuditServiceDeps {
  store: AuditStore;
  logger: FastifyBaseLogger;
  /** AUDIT_DAYS. */
  days: number;
  now?: () => number;
}

export function createAuditService(deps: AuditServiceDeps): AuditService {
  const now = deps.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const retain = async () => {
    const cutoff = new Date(now() - deps.days * DAY_MS).toISOString();
    try {
      const removed = await deps.store.deleteBefore(cutoff);
      if (removed > 0) deps.logger.info({ removed, cutoff }, 'audit entries past AUDIT_DAYS deleted');
    } catch (err) {
      deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'audit retention failed');
    }
  };

  return {
    async record(input: AuditEntryInput) {
      const entry: AuditEntry = {
        id: randomUUID(),
        at: new Date(now()).toISOString(),
        actor: { sub: input.actor.sub.slice(0, 256), name: input.actor.name.slice(0, 256) },
        action: input.action,
        target: { type: input.target.type.slice(0, 64), id: input.target.id.slice(0, 256) },
        details: scrubDetails(input.details),
      };
      try {
        await deps.store.append(entry);
      } catch (err) {
        // The change itself happened; losing its audit line is an operator's problem, loudly.
        deps.logger.error({ action: entry.action, actor: entry.actor.sub, err: err instanceof Error ? err.message : String(err) }, 'audit entry not written');
      }
    },

    async page(query) {
      const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      if (before === null) throw new AuditCursorError('Bad cursor');
      // One more than asked tells whether there is a next page without a count.
      const rows = await deps.store.list({ actor: query.actor, action: query.action, before, limit: query.limit + 1 });
      const entries = rows.slice(0, query.limit);
      const last = entries.at(-1);
      return { entries, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
    },

    async *each(filter) {
      let before: { at: string; id: string } | undefined;
      for (;;) {
        const rows = await deps.store.list({ actor: filter.actor, action: filter.action, before, limit: EXPORT_PAGE });
        if (rows.length > 0) yield rows;
        const last = rows.at(-1);
        if (rows.length < EXPORT_PAGE || !last) return;
        before = { at: last.at, id: last.id };
      }
    },

    async start() {
      await retain();
      const schedule = () => {
        if (closed) return;
        timer = setTimeout(() => void retain().finally(schedule), RETENTION_EVERY_MS);
        timer.unref();
      };
      schedule();
    },

    close() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
