import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { alertRepository } from '../../../server/alerts/repository';
import type { AppDatabase } from '../../../server/db';
import { alertStoreContract } from '../../support/alertStoreContract';
import { sqliteDatabase } from '../../support/databaseStores';
import { MemoryAlertStore } from '../../support/memoryAlertStore';

const dirs: string[] = [];
const opened: AppDatabase[] = [];
afterAll(async () => {
  for (const database of opened) await database.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function sqliteAt(dir: string) {
  const database = await sqliteDatabase(dir);
  opened.push(database);
  return alertRepository(database);
}

alertStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'roomwatch-alerts-'));
  dirs.push(dir);
  return { open: () => sqliteAt(dir), reopen: () => sqliteAt(dir) };
}, { restartable: true });

alertStoreContract('memory', async () => ({ open: async () => new MemoryAlertStore() }), { restartable: false });
