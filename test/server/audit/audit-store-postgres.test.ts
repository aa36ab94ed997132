import { afterAll, beforeAll } from 'vitest';
import type { AppDatabase } from '../../../server/db';
import { auditRepository } from '../../../server/audit/repository';
import { auditStoreContract } from '../../support/auditStoreContract';
import { postgresDatabase } from '../../support/databaseStores';
import { startPostgres, type PostgresServer } from '../../support/postgresServer';

let server: PostgresServer;
let databases = 0;
const opened: AppDatabase[] = [];

beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => {
  for (const database of opened) await database.close();
  await server.destroy();
});

async function postgresAt(url: string) {
  const database = await postgresDatabase(url);
  opened.push(database);
  return auditRepository(database);
}

auditStoreContract('postgres', async () => {
  const url = await server.createDatabase(`audit_${++databases}`);
  return { open: () => postgresAt(url), reopen: () => postgresAt(url) };
});
