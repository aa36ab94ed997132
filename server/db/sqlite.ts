import { accessSync, constants, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CompiledQuery, Kysely, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { LRUCache } from 'lru-cache';
import Database from 'libsql';
import { appDatabase, type AppDatabase } from './database';
import { QueuedSqliteDialect } from './sqliteDialect';
import { DatabaseStartError, describeError, isBusy } from './errors';
import type { Database as Tables } from './schema';

export const SQLITE_FILE = 'roomwatch.db';

/** How long a write waits, in short asynchronous steps, for another connection's write lock. */
const LOCK_WAIT_STEPS = 100;
const LOCK_WAIT_STEP_MS = 10;

/** Prepared statements kept: the repositories' queries are a few dozen texts, multi-row inserts a few more. */
const STATEMENTS_KEPT = 256;

/**
 * Kysely's SQLite driver prepares every query again. Preparing was a tenth of the BFF's CPU when
 * rooms were watched and dropped quickly, and each discarded statement holds native memory
 * that only a full GC frees: statements are kept by their SQL text and reused (Kysely runs one
 * query at a time on this connection). A streamed query gets its own statement, so an iteration
 * never shares one.
 */
export function reusingStatements(handle: Database.Database, max = STATEMENTS_KEPT): SqliteDatabase {
  const kept = new LRUCache<string, SqliteStatement>({ max });
  return {
    close: () => handle.close(),
    prepare(text) {
      let statement = kept.get(text);
      if (!statement) {
        const prepared = handle.prepare(text);
        const reader = prepared.reader;
        statement = {
          reader,
          all: (parameters) => prepared.all(parameters) as unknown[],
          run: (parameters) => prepared.run(parameters),
          iterate: (parameters) => handle.prepare(text).iterate(parameters) as IterableIterator<unknown>,
        };
        kept.set(text, statement);
      }
      return statement;
    },
  };
}

/**
 * The zero-setup database: one SQLite file in DATA_DIR, in WAL mode. Throws DatabaseStartError
 * naming the directory or the file when it cannot be created or opened.
 */
export function openSqlite(dataDir: string): AppDatabase {
  const dir = resolve(dataDir);
  const file = join(dir, SQLITE_FILE);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new DatabaseStartError(`DATA_DIR ${dir} is not writable (${describeError(error)}): set DATA_DIR to a writable directory, or HISTORY=off`);
  }
  let handle: Database.Database;
  try {
    handle = new Database(file);
    // Readers never wait for the writer; NORMAL is durable at each checkpoint and loses at most
    // the last transactions on power loss, never on a process crash (kill -9).
    handle.exec('PRAGMA journal_mode = WAL');
    handle.exec('PRAGMA synchronous = NORMAL');
    // Short: libsql's calls are synchronous, so waiting on another connection's lock stalls the
    // event loop. Longer waits happen in transaction() below, between event-loop turns.
    handle.exec('PRAGMA busy_timeout = 100');
  } catch (error) {
    throw new DatabaseStartError(`cannot open the database file ${file} in DATA_DIR (${describeError(error)}): is it a SQLite database roomwatch may write?`);
  }
  const db = new Kysely<Tables>({ dialect: new QueuedSqliteDialect({ database: reusingStatements(handle) }) });
  return appDatabase('sqlite', db, `DATA_DIR ${dir}`, (work) =>
    // One connection, held for the whole transaction (Kysely's SQLite driver queues other queries behind it).
    db.connection().execute(async (connection) => {
      await beginImmediate(connection);
      try {
        const result = await work(connection);
        await connection.executeQuery(CompiledQuery.raw('COMMIT'));
        return result;
      } catch (error) {
        await connection.executeQuery(CompiledQuery.raw('ROLLBACK')).catch(() => undefined);
        throw error;
      }
    }),
  );
}

/** Takes the write lock up front, so the reads in the transaction see what it then writes over. */
async function beginImmediate(connection: Kysely<Tables>): Promise<void> {
  for (let step = 0; ; step++) {
    try {
      await connection.executeQuery(CompiledQuery.raw('BEGIN IMMEDIATE'));
      return;
    } catch (error) {
      if (!isBusy(error) || step >= LOCK_WAIT_STEPS) throw error;
      await sleep(LOCK_WAIT_STEP_MS);
    }
  }
}
