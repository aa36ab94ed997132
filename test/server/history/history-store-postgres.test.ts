import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseStartError } from '../../../server/db';
import { historyConfig, historyEnvSchema, openHistoryDatabase } from '../../../server/history/config';
import { createLogger } from '../../../server/logger';
import { historyStoreContract } from '../../support/historyStoreContract';
import { closableHistory, postgresDatabase } from '../../support/databaseStores';
import { startPostgres, type PostgresServer } from '../../support/postgresServer';

let server: PostgresServer;
let databases = 0;

beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => {
  await server.destroy();
});

const freshDatabase = () => server.createDatabase(`history_${++databases}`);

historyStoreContract('postgres', async () => {
  const url = await freshDatabase();
  return {
    open: async () => closableHistory(await postgresDatabase(url)),
  };
});

const silent = createLogger('silent');

describe('PostgreSQL history store start-up', () => {
  it('an unreachable DATABASE_URL names host:port/database, never the password', async () => {
    await withStoppedServer(async (port) => {
      const url = `postgres://roomwatch:Sup3rSecretPw@127.0.0.1:${port}/roomwatch`;
      const opening = openHistoryDatabase(historyConfig(historyEnvSchema.parse({ DATABASE_URL: url })), silent);
      await expect(opening).rejects.toBeInstanceOf(DatabaseStartError);
      const message = await opening.then(
        () => '',
        (error: unknown) => (error instanceof Error ? error.message : ''),
      );
      expect(message).toContain(`127.0.0.1:${port}/roomwatch`);
      expect(message).not.toContain('Sup3rSecretPw');
    });
  });

  it('a database that does not exist names it', async () => {
    const url = server.url('no_such_db', 'Sup3rSecretPw');
    const opening = openHistoryDatabase(historyConfig(historyEnvSchema.parse({ DATABASE_URL: url })), silent);
    await expect(opening).rejects.toThrow(`127.0.0.1:${server.port}/no_such_db`);
    await expect(opening).rejects.not.toThrow('Sup3rSecretPw');
  });

  it('DATABASE_URL must be a postgres:// URL', () => {
    const parsed = historyEnvSchema.safeParse({ DATABASE_URL: 'mysql://u:p@db/x' });
    expect(parsed.success).toBe(false);
    expect(historyEnvSchema.parse({ DATABASE_URL: 'postgresql://u:p@db:5433/x' }).DATABASE_URL).toBe('postgresql://u:p@db:5433/x');
    expect(historyEnvSchema.parse({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
});

/** A port nothing listens on: this file's own server, stopped for the duration. */
async function withStoppedServer(work: (port: number) => Promise<void>): Promise<void> {
  await server.stop();
  try {
    await work(server.port);
  } finally {
    await server.start();
  }
}

