import { afterAll, beforeAll } from 'vitest';
import { auditRepositoryFor } from '../../server/audit/sqlRepository';
import { openPostgresStore } from '../../server/history/postgresStore';
import type { HistoryStore } from '../../server/history/store';
import { startPostgres, type PostgresServer } from '../support/postgresServer';
import { auditRepositoryContract } from '../audit/auditRepository-contract';

let server: PostgresServer;
let databases = 0;
const opened: HistoryStore[] = [];

beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => {
  for (const store of opened) await store.close();
  await server.destroy();
});

async function postgresAt(url: string) {
  const history = await openPostgresStore(url);
  opened.push(history);
  await history.migrate();
  return auditRepositoryFor(history.database());
}

auditRepositoryContract('postgres', async () => {
  const url = await server.createDatabase(`audit_${++databases}`);
  return { open: () => postgresAt(url), reopen: () => postgresAt(url) };
});
