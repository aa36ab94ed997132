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
 * One contract suite (test/support/auditStoreContract.ts) runs against every implementation.
 */
export interface AuditStore {
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
