import type Database from 'libsql';
import type pg from 'pg';

/** A statement with `?` placeholders (rewritten to `$n` for PostgreSQL). */
export interface Statement {
  sql: string;
  params: readonly (string | number | null)[];
}

/**
 * The little the alert store needs from either database: read rows, and run statements in one
 * transaction, learning how many rows each changed. Keeps the store's SQL in one place.
 */
export interface SqlRunner {
  all(statement: Statement): Promise<unknown[]>;
  batch(statements: readonly Statement[]): Promise<number[]>;
}

function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export function sqliteRunner(db: Database.Database): SqlRunner {
  return {
    all: async ({ sql, params }) => db.prepare(sql).all(...params) as unknown[],
    batch: async (statements) =>
      db.transaction(() => statements.map(({ sql, params }) => db.prepare(sql).run(...params).changes))(),
  };
}

export function postgresRunner(pool: pg.Pool): SqlRunner {
  return {
    all: async ({ sql, params }) => (await pool.query(numbered(sql), [...params])).rows as unknown[],
    async batch(statements) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const changes: number[] = [];
        for (const { sql, params } of statements) changes.push((await client.query(numbered(sql), [...params])).rowCount ?? 0);
        await client.query('COMMIT');
        return changes;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}
