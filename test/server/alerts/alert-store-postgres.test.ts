import { afterAll, beforeAll } from 'vitest';
import { alertRepository } from '../../../server/alerts/repository';
import type { AppDatabase } from '../../../server/db';
import { alertStoreContract } from '../../support/alertStoreContract';
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
  return alertRepository(database);
}

alertStoreContract('postgres', async () => {
  const url = await server.createDatabase(`alerts_${++databases}`);
  return { open: () => postgresAt(url), reopen: () => postgresAt(url) };
}, { restartable: true });
