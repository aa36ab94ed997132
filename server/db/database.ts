import { sql, type Kysely } from 'kysely';
import type { DialectKind } from './migration';
import type { Database } from './schema';

/**
 * The one connection to roomwatch's database, SQLite or PostgreSQL, migrated. Features build
 * their repositories on `db` (queries written once for both dialects) and run multi-statement
 * writes through `transaction`; nothing else opens, migrates or closes the database.
 */
export interface AppDatabase {
  readonly kind: DialectKind;
  readonly db: Kysely<Database>;
  /** DATA_DIR's path or DATABASE_URL's host:port/database: safe to log, never a password. */
  readonly where: string;
  /**
   * Runs `work` in one write transaction and commits, or rolls back when it throws. SQLite: BEGIN
   * IMMEDIATE, waiting (without blocking the event loop) while another connection writes, so a
   * read-then-write in `work` sees what it writes over. PostgreSQL: BEGIN … COMMIT.
   */
  transaction<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Whether the database answers now (for /readyz: degraded while PostgreSQL is away). */
  ping(): Promise<boolean>;
  /** Closes the connection (pool); later calls do nothing. */
  close(): Promise<void>;
}

/** The common part of both openers: ping and an idempotent close over a Kysely instance. */
export function appDatabase(kind: DialectKind, db: Kysely<Database>, where: string, transaction: AppDatabase['transaction']): AppDatabase {
  let closing: Promise<void> | undefined;
  return {
    kind,
    db,
    where,
    transaction,
    async ping() {
      try {
        const result = await sql<{ n: number }>`SELECT 1 AS n`.execute(db);
        return Number(result.rows[0]?.n) === 1;
      } catch {
        return false;
      }
    },
    close() {
      closing ??= db.destroy();
      return closing;
    },
  };
}
