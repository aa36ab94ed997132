import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { MemoryAlertStore } from '../../server/alerts/memoryStore';
import { alertStoreFor } from '../../server/alerts/sqlStore';
import { openSqliteStore } from '../../server/history/sqliteStore';
import type { HistoryStore } from '../../server/history/store';
import { alertStoreContract } from '../alerts/alertStore-contract';

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
  return alertStoreFor(history.database());
}

alertStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'roomwatch-alerts-'));
  dirs.push(dir);
  return { open: () => sqliteAt(dir), reopen: () => sqliteAt(dir) };
}, { restartable: true });

alertStoreContract('memory', async () => ({ open: async () => new MemoryAlertStore() }), { restartable: false });
