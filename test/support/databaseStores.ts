import { openDatabase, type AppDatabase } from '../../server/db';
import { openPostgres } from '../../server/db/postgres';
import { openSqlite } from '../../server/db/sqlite';
import { historyRepository } from '../../server/history/repository';
import type { HistoryStore } from '../../server/history/store';

/** A history store that owns its database, as a test (or a restarted process) opens one. */
export type ClosableHistoryStore = HistoryStore & { database: AppDatabase; close(): Promise<void> };

export function closableHistory(database: AppDatabase): ClosableHistoryStore {
  return { ...historyRepository(database), database, close: () => database.close() };
}

/** Opens and migrates the SQLite file in `dataDir`, as start-up does. */
export const sqliteDatabase = (dataDir: string) => openDatabase({ dataDir, databaseUrl: undefined });
/** Opens and migrates the PostgreSQL database at `url`, as start-up does. */
export const postgresDatabase = (url: string) => openDatabase({ dataDir: '', databaseUrl: url });

/** Opened but not migrated: for tests that lay down an older schema first. */
export const rawDatabase = { sqlite: openSqlite, postgres: (url: string) => openPostgres(url) };
