import { afterAll, beforeAll } from 'vitest';
import { alertStoreFor } from '../../server/alerts/sqlStore';
import { openPostgresStore } from '../../server/history/postgresStore';
import type { HistoryStore } from '../../server/history/store';
import { alertStoreContract } from '../alerts/alertStore-contract';
import { startPostgres, type PostgresServer } from '../support/postgresServer';

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
  return alertStoreFor(history.database());
}

alertStoreContract('postgres', async () => {
  const url = await server.createDatabase(`alerts_${++databases}`);
  return { open: () => postgresAt(url), reopen: () => postgresAt(url) };
}, { restartable: true });
