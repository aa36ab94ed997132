import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { MemoryAuditRepository } from '../../server/audit/repository';
import { auditRepositoryFor } from '../../server/audit/sqlRepository';
import { openSqliteStore } from '../../server/history/sqliteStore';
import type { HistoryStore } from '../../server/history/store';
import { auditRepositoryContract } from '../audit/auditRepository-contract';

const dirs: string[] = [];
const opened: HistoryStore[] = [];
afterAll(async () => {
  for (const store of opened) await store.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function sqliteAt(dir: string) {
  const history = openSqliteStore(dir);
  opened.push(history);
  await history.migrate();
  return auditRepositoryFor(history.database());
}

auditRepositoryContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'roomwatch-audit-'));
  dirs.push(dir);
  return { open: () => sqliteAt(dir), reopen: () => sqliteAt(dir) };
});

auditRepositoryContract('memory', async () => ({ open: async () => new MemoryAuditRepository() }));
