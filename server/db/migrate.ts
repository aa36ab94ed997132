import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Migration } from './migration';
import { MIGRATIONS } from './migrations';
import type { Database } from './schema';
import type { AppDatabase } from './database';

/** Any number: the migrations of every instance sharing a PostgreSQL database take turns on it. */
const MIGRATION_LOCK = 0x726f6f6d;

const versionRow = z.object({ version: z.union([z.number(), z.bigint(), z.string()]).transform(Number) });

/** The bookkeeping table, exactly as every release so far has created it (a database may already hold it). */
const BOOKKEEPING = {
  sqlite: `CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`,
  postgres: `CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
  )`,
} as const;

/**
 * Applies the steps not yet recorded in `schema_migrations`, all in one write transaction (SQLite:
 * BEGIN IMMEDIATE; PostgreSQL: under an advisory lock), so two processes starting together never
 * apply a step twice. Idempotent. Returns the versions it applied.
 */
export async function migrate(database: AppDatabase, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return database.transaction(async (trx) => {
    if (database.kind === 'postgres') await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    await sql.raw(BOOKKEEPING[database.kind]).execute(trx);
    const applied = new Set((await trx.selectFrom('schema_migrations').select('version').execute()).map((row) => versionRow.parse(row).version));
    const done: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await migration.up(trx as Kysely<unknown>, database.kind);
      await record(trx, database, migration);
      done.push(migration.version);
    }
    return done;
  });
}

async function record(trx: Kysely<Database>, database: AppDatabase, migration: Migration): Promise<void> {
  // PostgreSQL stamps applied_at itself (TIMESTAMPTZ DEFAULT now()); SQLite's column is ISO text.
  const appliedAt = database.kind === 'sqlite' ? { applied_at: new Date().toISOString() } : {};
  await trx
    .insertInto('schema_migrations')
    .values({ version: migration.version, name: migration.name, ...appliedAt })
    .execute();
}
