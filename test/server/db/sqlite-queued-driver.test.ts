import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql, type Generated } from 'kysely';
import Database from 'libsql';
import { afterEach, describe, expect, it } from 'vitest';
import { QueuedSqliteDialect } from '../../../server/db/sqliteDialect';

interface Tables {
  items: { id: Generated<number>; name: string };
}

const dirs: string[] = [];
const opened: Kysely<Tables>[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<Kysely<Tables>> {
  const dir = mkdtempSync(join(tmpdir(), 'roomwatch-queued-'));
  dirs.push(dir);
  const db = new Kysely<Tables>({ dialect: new QueuedSqliteDialect({ database: new Database(join(dir, 'test.db')) }) });
  opened.push(db);
  await sql`CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE)`.execute(db);
  return db;
}

describe('SQLite with the connection handed to one waiter at a time', () => {
  it('runs hundreds of queries asked at once, in the order they were asked', async () => {
    const db = await open();
    const names = Array.from({ length: 300 }, (_, i) => `n${i}`);
    await Promise.all(names.map((name) => db.insertInto('items').values({ name }).execute()));
    const rows = await db.selectFrom('items').select(['id', 'name']).orderBy('id').execute();
    expect(rows.map((row) => row.name)).toEqual(names);
  });

  it('a transaction holds the connection: queries asked meanwhile run after its commit and see it', async () => {
    const db = await open();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const transaction = db.connection().execute(async (connection) => {
      await sql`BEGIN IMMEDIATE`.execute(connection);
      await connection.insertInto('items').values({ name: 'inside' }).execute();
      await gate;
      await sql`COMMIT`.execute(connection);
    });
    const counted = db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    release();
    await transaction;
    expect((await counted).n).toBe(1);
  });

  it('a failing query hands the connection on: the next ones still run', async () => {
    const db = await open();
    await db.insertInto('items').values({ name: 'once' }).execute();
    const outcomes = await Promise.allSettled([
      db.insertInto('items').values({ name: 'once' }).execute(),
      db.insertInto('items').values({ name: 'twice' }).execute(),
      db.selectFrom('items').select('name').orderBy('id').execute(),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(outcomes[2]?.status === 'fulfilled' ? outcomes[2].value.map((row) => row.name) : []).toEqual(['once', 'twice']);
  });
});
