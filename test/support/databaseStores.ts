import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type AppDatabase } from '../../server/db';
import { openPostgres } from '../../server/db/postgres';
import { openSqlite } from '../../server/db/sqlite';
import { historyRepository } from '../../server/history/repository';
import type { HistoryStore } from '../../server/history/store';
import { startPostgres, type PostgresServer } from './postgresServer';

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

/** A contract suite's store factory: a fresh store, and the same store opened again (a restart). */
export interface RepositoryFactory<S> {
  open(): Promise<S>;
  reopen(): Promise<S>;
}

/**
 * Fresh SQLite files for a repository's contract suite: each call makes its own temp dir; every
 * database is closed and every dir removed after the file's tests.
 */
export function sqliteRepositories<S>(prefix: string, repository: (database: AppDatabase) => S): () => Promise<RepositoryFactory<S>> {
  const dirs: string[] = [];
  const opened: AppDatabase[] = [];
  afterAll(async () => {
    for (const database of opened) await database.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), `roomwatch-${prefix}-`));
    dirs.push(dir);
    const at = async () => {
      const database = await sqliteDatabase(dir);
      opened.push(database);
      return repository(database);
    };
    return { open: at, reopen: at };
  };
}

/**
 * Fresh databases on a private PostgreSQL for a repository's contract suite: the server starts
 * before the file's tests and is destroyed after them.
 */
export function postgresRepositories<S>(prefix: string, repository: (database: AppDatabase) => S): () => Promise<RepositoryFactory<S>> {
  let server: PostgresServer | undefined;
  let databases = 0;
  const opened: AppDatabase[] = [];
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    for (const database of opened) await database.close();
    await server?.destroy();
  });
  return async () => {
    if (!server) throw new Error('PostgreSQL did not start');
    const url = await server.createDatabase(`${prefix}_${++databases}`);
    const at = async () => {
      const database = await postgresDatabase(url);
      opened.push(database);
      return repository(database);
    };
    return { open: at, reopen: at };
  };
}
