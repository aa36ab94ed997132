import { sql, type Kysely } from 'kysely';

export type DialectKind = 'sqlite' | 'postgres';

/**
 * One numbered schema step. A step once released never changes: a new need is a new step (a new
 * file under migrations/, added to the list in migrations/index.ts). `up` runs inside the
 * migration transaction; it sees the database as it was before the step, hence `Kysely<unknown>`.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<unknown>, kind: DialectKind): Promise<void>;
}

/** A step written as plain SQL per dialect (where types or collations differ). */
export function sqlSteps(statements: Record<DialectKind, readonly string[]>): Migration['up'] {
  return async (db, kind) => {
    for (const statement of statements[kind]) await sql.raw(statement).execute(db);
  };
}
