import type { AuditEntry } from '../../src/contract/audit';
import { isOlderThan, newerFirst, type AuditFilter, type AuditStore } from './store';

/** In memory, for a server without a store (HISTORY=off): the log lives as long as the process. */
export class MemoryAuditStore implements AuditStore {
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
