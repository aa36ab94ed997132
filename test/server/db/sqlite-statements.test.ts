import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, SqliteDialect, sql } from 'kysely';
import Database from 'libsql';
import { afterEach, describe, expect, it } from 'vitest';
import { reusingStatements } from '../../../server/db/sqlite';

interface Tables {
  items: { id: number; name: string };
}

const dirs: string[] = [];
const opened: Kysely<Tables>[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function open(max?: number) {
  const dir = mkdtempSync(join(tmpdir(), 'roomwatch-statements-'));
  dirs.push(dir);
  const handle = new Database(join(dir, 'test.db'));
  const prepared: string[] = [];
  const counting = Object.assign(Object.create(handle) as Database.Database, {
    prepare: (text: string) => {
      prepared.push(text);
      return handle.prepare(text);
    },
    close: () => handle.close(),
  });
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: reusingStatements(counting, max) }) });
  opened.push(db);
  await sql`CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`.execute(db);
  return { db, prepared };
}

const byId = (db: Kysely<Tables>, id: number) => db.selectFrom('items').select('name').where('id', '=', id).executeTakeFirst();

describe('SQLite statements reused by their text', () => {
  it('answers each execution with its own parameters and the data as it is now, preparing the text once', async () => {
    const { db, prepared } = await open();
    for (let id = 1; id <= 3; id += 1) await db.insertInto('items').values({ id, name: `n${id}` }).execute();
    expect(await byId(db, 2)).toEqual({ name: 'n2' });
    await db.updateTable('items').set({ name: 'changed' }).where('id', '=', 2).execute();
    expect(await byId(db, 2)).toEqual({ name: 'changed' });
    expect(await byId(db, 3)).toEqual({ name: 'n3' });
    expect(await byId(db, 9)).toBeUndefined();
    const counts = new Map<string, number>();
    for (const text of prepared) counts.set(text, (counts.get(text) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBe(1);
  });

  it('a streamed query reads every row, and the same text executed afterwards too', async () => {
    const { db } = await open();
    for (let id = 1; id <= 250; id += 1) await db.insertInto('items').values({ id, name: `n${id}` }).execute();
    const query = db.selectFrom('items').select('id').where('id', '>', 0).orderBy('id');
    expect(await query.execute()).toHaveLength(250);
    const streamed: number[] = [];
    for await (const row of query.stream()) streamed.push(row.id);
    expect(streamed).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(await query.execute()).toHaveLength(250);
  });

  it('keeps at most `max` statements and prepares an evicted text again when it comes back', async () => {
    const { db, prepared } = await open(2);
    await db.insertInto('items').values({ id: 1, name: 'a' }).execute();
    await byId(db, 1);
    await db.selectFrom('items').select('id').execute();
    await db.selectFrom('items').select('name').execute();
    const before = prepared.length;
    expect(await byId(db, 1)).toEqual({ name: 'a' });
    expect(prepared.length).toBe(before + 1);
  });
});
