import type { AppDatabase } from './database';
import { DatabaseStartError, describeError } from './errors';
import { migrate } from './migrate';
import { openPostgres } from './postgres';
import { openSqlite } from './sqlite';

export type { AppDatabase } from './database';
export type { Database } from './schema';
export type { DialectKind, Migration } from './migration';
export { sqlSteps } from './migration';
export { MIGRATIONS } from './migrations';
export { migrate } from './migrate';
export { DatabaseStartError, describeDatabaseUrl, isUniqueViolation } from './errors';
export { SQLITE_FILE } from './sqlite';

export interface DatabaseConfig {
  /** Where `roomwatch.db` lives when there is no DATABASE_URL. */
  dataDir: string;
  /** postgres://…: PostgreSQL instead of the SQLite file. */
  databaseUrl: string | undefined;
}

/**
 * Opens the configured database (PostgreSQL with DATABASE_URL, else the SQLite file in DATA_DIR)
 * and applies every migration not yet applied. Throws DatabaseStartError naming DATA_DIR's path
 * or DATABASE_URL's host:port/database (never its password): main.ts prints it and exits.
 */
export async function openDatabase(config: DatabaseConfig): Promise<AppDatabase> {
  const database = config.databaseUrl ? await openPostgres(config.databaseUrl) : openSqlite(config.dataDir);
  try {
    await migrate(database);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw new DatabaseStartError(`database (${database.where}) could not apply its migrations: ${describeError(error)}`);
  }
  return database;
}
