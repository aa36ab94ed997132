import { Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteDialect, sql, DummyDriver } from 'kysely';
import Database from 'libsql';
import { afterEach, describe, expect, it } from 'vitest';
import { compiledOnce } from '../../../server/db/compiledOnce';

interface Tables {
  items: { id: number; name: string; tag: string | null };
}

const opened: Kysely<Tables>[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy();
});

/** An in-memory SQLite database: what is tested is the SQL and its values, not the file. */
async function openSqlite(): Promise<Kysely<Tables>> {
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  opened.push(db);
  await sql`CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, tag TEXT)`.execute(db);
  return db;
}

describe('a query compiled once', () => {
  it('runs with each call\'s values, writes and reads alike, and keeps the constants it was built with', async () => {
    const db = await openSqlite();
    const upsert = compiledOnce((id: number, name: string, tag: string | null) =>
      db
        .insertInto('items')
        .values({ id, name, tag })
        .onConflict((conflict) => conflict.column('id').doUpdateSet({ name, tag })),
    );
    const named = compiledOnce((name: string, limit: number) =>
      db.selectFrom('items').select(['id', 'tag']).where('name', '=', name).where('tag', 'is not', null).orderBy('id').limit(limit),
    );
    await db.executeQuery(upsert(1, 'a', 'x'));
    await db.executeQuery(upsert(2, 'a', null));
    await db.executeQuery(upsert(3, 'a', 'y'));
    await db.executeQuery(upsert(4, 'b', 'z'));
    // The same value used twice (insert and update) lands in both places.
    await db.executeQuery(upsert(3, 'a', 'changed'));

    expect((await db.executeQuery(named('a', 10))).rows).toEqual([
      { id: 1, tag: 'x' },
      { id: 3, tag: 'changed' },
    ]);
    expect((await db.executeQuery(named('a', 1))).rows).toEqual([{ id: 1, tag: 'x' }]);
    expect((await db.executeQuery(named('b', 10))).rows).toEqual([{ id: 4, tag: 'z' }]);
    expect((await db.executeQuery(named('nobody', 10))).rows).toEqual([]);
  });

  it('compiles once: every call carries the same SQL text, in the database\'s dialect', () => {
    const pg = new Kysely<Tables>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new PostgresIntrospector(db),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
    });
    opened.push(pg);
    let builds = 0;
    const byName = compiledOnce((name: string) => {
      builds += 1;
      return pg.selectFrom('items').select('id').where('name', '=', name).where('id', '>', 0);
    });
    const first = byName('a');
    const second = byName('b');
    expect(builds).toBe(1);
    expect(second.sql).toBe(first.sql);
    expect(first.sql).toBe('select "id" from "items" where "name" = $1 and "id" > $2');
    expect(first.parameters).toEqual(['a', 0]);
    expect(second.parameters).toEqual(['b', 0]);
  });

  it('refuses a build that does not hand every value to the query', () => {
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    opened.push(db);
    const unused = compiledOnce((_name: string) => db.selectFrom('items').select('id'));
    expect(() => unused('a')).toThrow(/value 0 of the query is not one of its parameters/);
  });
});
