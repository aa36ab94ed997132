import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { appDatabase, type AppDatabase } from './database';
import { DatabaseStartError, describeDatabaseUrl, safeMessage } from './errors';
import type { Database } from './schema';

export interface PostgresOptions {
  /** Connections in the pool, shared by the watcher's writes (at most one per room at a time) and the reads. */
  max?: number;
  connectTimeoutMs?: number;
}

/**
 * PostgreSQL, for several instances or an existing database. Connects once at open so that a bad
 * DATABASE_URL stops start-up with a message naming host:port/database, never the password.
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<AppDatabase> {
  const where = describeDatabaseUrl(url);
  // Loaded only here: the default install (SQLite) never loads the PostgreSQL client.
  const { Pool } = (await import('pg')).default;
  let pool: pg.Pool;
  try {
    pool = new Pool({ connectionString: url, max: options.max ?? 5, connectionTimeoutMillis: options.connectTimeoutMs ?? 5000 });
  } catch (error) {
    throw new DatabaseStartError(`DATABASE_URL (${where}) is not a usable PostgreSQL URL: ${safeMessage(error, url)}`);
  }
  // An idle connection the server drops (restart, failover) must not crash the process.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DatabaseStartError(`cannot reach PostgreSQL at ${where} (DATABASE_URL): ${safeMessage(error, url)}`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return appDatabase('postgres', db, `PostgreSQL at ${where}`, (work) => db.transaction().execute((trx) => work(trx)));
}
