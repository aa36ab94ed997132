import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/contract/audit';
import type { AuditStore } from '../../server/audit/store';

export interface AuditStoreFactory {
  /** A fresh, empty repository. */
  open(): Promise<AuditStore>;
  /** The same data, through a new connection (stores that outlive a process). */
  reopen?(): Promise<AuditStore>;
}

/** Some whole second an hour ago: entries are n seconds after it. */
const BASE_MS = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;

function entry(n: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    at: new Date(BASE_MS + n * 1000).toISOString(),
    actor: { sub: n % 2 === 0 ? 'alice' : 'bob', name: n % 2 === 0 ? 'Alice' : 'Bob' },
    action: n % 3 === 0 ? 'share_link.created' : 'alert_rule.updated',
    target: { type: 'alert_rule', id: `rule-${n}` },
    details: { n, name: `rule ${n}`, nested: { list: [1, 'two'] } },
    ...overrides,
  };
}

/** The behaviour every audit store must have, run against each implementation. */
export function auditStoreContract(name: string, factory: () => Promise<AuditStoreFactory>): void {
  describe(`audit store: ${name}`, () => {
    it('answers entries newest first, as they were written', async () => {
      const repo = await (await factory()).open();
      for (const n of [3, 1, 2]) await repo.append(entry(n));
      const listed = await repo.list({ limit: 10 });
      expect(listed.map((e) => e.target.id)).toEqual(['rule-3', 'rule-2', 'rule-1']);
      expect(listed[0]).toEqual(entry(3));
    });

    it('breaks ties in time by id, so paging never skips or repeats', async () => {
      const repo = await (await factory()).open();
      const at = new Date(BASE_MS).toISOString();
      for (const n of [5, 7, 6]) await repo.append(entry(n, { at }));
      const first = await repo.list({ limit: 2 });
      expect(first.map((e) => e.id.slice(-1))).toEqual(['7', '6']);
      const last = first[1];
      if (!last) throw new Error('no second entry');
      const rest = await repo.list({ limit: 2, before: { at: last.at, id: last.id } });
      expect(rest.map((e) => e.id.slice(-1))).toEqual(['5']);
    });

    it('filters by actor and by action, together with paging', async () => {
      const repo = await (await factory()).open();
      for (let n = 1; n <= 12; n++) await repo.append(entry(n));
      expect((await repo.list({ actor: 'alice', limit: 100 })).map((e) => e.details.n)).toEqual([12, 10, 8, 6, 4, 2]);
      expect((await repo.list({ action: 'share_link.created', limit: 100 })).map((e) => e.details.n)).toEqual([12, 9, 6, 3]);
      expect((await repo.list({ actor: 'alice', action: 'share_link.created', limit: 100 })).map((e) => e.details.n)).toEqual([12, 6]);
      const page = await repo.list({ actor: 'bob', limit: 2, before: { at: entry(9).at, id: entry(9).id } });
      expect(page.map((e) => e.details.n)).toEqual([7, 5]);
      expect(await repo.list({ actor: 'nobody', limit: 10 })).toEqual([]);
    });

    it('deletes only what is older than the cutoff', async () => {
      const repo = await (await factory()).open();
      for (let n = 1; n <= 4; n++) await repo.append(entry(n));
      expect(await repo.deleteBefore(entry(3).at)).toBe(2);
      expect((await repo.list({ limit: 10 })).map((e) => e.details.n)).toEqual([4, 3]);
      expect(await repo.deleteBefore(entry(1).at)).toBe(0);
    });

    it('keeps text as written: quotes, commas, newlines and non-ASCII', async () => {
      const repo = await (await factory()).open();
      const odd = entry(1, { actor: { sub: 'o\'brien', name: 'Zoë "Z", Ünal\nline two' }, details: { text: '=1+1, "quoted"' } });
      await repo.append(odd);
      expect(await repo.list({ limit: 1 })).toEqual([odd]);
    });

    it('keeps its entries across a reopen, when it outlives the process', async () => {
      const made = await factory();
      if (!made.reopen) return;
      await (await made.open()).append(entry(1));
      expect(await (await made.reopen()).list({ limit: 5 })).toEqual([entry(1)]);
    });
  });
}
