import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { AppDatabase } from '../../../server/db';
import { MemoryAuditStore } from '../../../server/audit/memoryStore';
import { auditRepository } from '../../../server/audit/repository';
import { auditStoreContract } from '../../support/auditStoreContract';
import { sqliteDatabase } from '../../support/databaseStores';

const dirs: string[] = [];
const opened: AppDatabase[] = [];
afterAll(async () => {
  for (const database of opened) await database.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function sqliteAt(dir: string) {
  const database = await sqliteDatabase(dir);
  opened.push(database);
  return auditRepository(database);
}

auditStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'roomwatch-audit-'));
  dirs.push(dir);
  return { open: () => sqliteAt(dir), reopen: () => sqliteAt(dir) };
});

auditStoreContract('memory', async () => ({ open: async () => new MemoryAuditStore() }));
