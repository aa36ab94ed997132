import type { AuditAction, AuditEntry } from '../../src/contract/audit';

export interface AuditFilter {
  actor?: string | undefined;
  action?: AuditAction | undefined;
  /** Entries strictly older than this position (from the previous page's last entry). */
  before?: { at: string; id: string } | undefined;
  limit: number;
}

/**
 * Where audit entries are kept. Append-only: nothing edits an entry; only retention deletes.
 * One contract test suite (test/server/audit-repository.test.ts) runs against every implementation.
 */
export interface AuditRepository {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first: by `at`, then by `id`, both descending. */
  list(filter: AuditFilter): Promise<AuditEntry[]>;
  /** Deletes entries older than `cutoff` (ISO); answers how many. */
  deleteBefore(cutoff: string): Promise<number>;
}

/** Order of the log: `at` descending, then `id` descending. */
export function newerFirst(a: AuditEntry, b: AuditEntry): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export function isOlderThan(entry: Pick<AuditEntry, 'at' | 'id'>, position: { at: string; id: string }): boolean {
  return entry.at < position.at || (entry.at === position.at && entry.id < position.id);
}

/** In memory, for a server without a store (HISTORY=off): the log lives as long as the process. */
export class MemoryAuditRepository implements AuditRepository {
  private entries: AuditEntry[] = [];

  async append(entry: AuditEntry): Promise<void> {
    this.entries.push(structuredClone(entry));
  }

  async list(filter: AuditFilter): Promise<AuditEntry[]> {
    return this.entries
      .filter((e) => (filter.actor === undefined || e.actor.sub === filter.actor) && (filter.action === undefined || e.action === filter.action))
      .filter((e) => filter.before === undefined || isOlderThan(e, filter.before))
      .sort(newerFirst)
      .slice(0, filter.limit)
      .map((e) => structuredClone(e));
  }

  async deleteBefore(cutoff: string): Promise<number> {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.at >= cutoff);
    return before - this.entries.length;
  }
}
