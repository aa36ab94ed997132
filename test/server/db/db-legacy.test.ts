import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRepository } from '../../../server/alerts/repository';
import { shareLinkRepository } from '../../../server/auth/shareLinkRepository';
import { MIGRATIONS, SQLITE_FILE, type AppDatabase } from '../../../server/db';
import { GENESIS_HASH, verifyChain } from '../../../server/evidence/chain';
import { chainRepository } from '../../../server/evidence/hashStore';
import { policyRepository } from '../../../server/assurance/policyRepository';
import { joined, record, roomWrite } from '../../support/historyFixtures';
import { closableHistory, postgresDatabase, sqliteDatabase } from '../../support/databaseStores';
import { startPostgres, type PostgresServer } from '../../support/postgresServer';

/**
 * A database made by the release before server/db (its exact schema and bookkeeping, with a few
 * rows: test/support/fixtures/legacy-*.sql) is carried on from, not re-created: rows stay, seq goes on.
 */
const fixture = (dialect: 'sqlite' | 'postgres') => readFileSync(join(import.meta.dirname, '..', '..', 'support', 'fixtures', `legacy-${dialect}.sql`), 'utf8');
const room = { provider: 'proconf', callId: 'standup' } as const;

async function expectCarriedOn(database: AppDatabase): Promise<void> {
  const history = closableHistory(database);
  expect((await history.room(room))?.lastSeq).toBe(2);
  expect((await history.events(room, 0, 10)).map((e) => [e.seq, e.kind])).toEqual([
    [1, 'participant.joined'],
    [2, 'recording'],
  ]);
  // The rows made before the hash chain were chained by its migration; new events link on.
  const chains = chainRepository(database);
  const chained = await chains.chained(room);
  expect(chained.map((e) => e.seq)).toEqual([1, 2]);
  expect(verifyChain(chained, GENESIS_HASH)).toMatchObject({ ok: true });
  const written = await history.write(roomWrite(room, [joined('bob', '2026-11-20T10:03:00.000Z')], { record: record('proconf', 'standup') }));
  expect(written.map((e) => e.seq)).toEqual([3]);
  const continued = await chains.chained(room);
  expect(continued.slice(0, 2)).toEqual(chained);
  expect(verifyChain(continued, GENESIS_HASH)).toMatchObject({ ok: true });
  expect((await history.listCalls({ status: 'all', limit: 10 })).calls.map((c) => c.callId)).toEqual(['standup']);

  expect((await alertRepository(database).listRules()).map((r) => [r.id, r.name, r.when])).toEqual([
    ['5b0c1d1e-0000-4000-8000-000000000001', 'Recording off', 'recording.stopped'],
  ]);
  expect((await shareLinkRepository(database).get('AAAAAAAAAAAAAAAA'))?.revokedAt).toBe('2026-11-20T09:30:00.000Z');

  // Bookkeeping kept: the released steps once each, none applied again, the new ones applied.
  const versions = await database.db.selectFrom('schema_migrations').select('version').orderBy('version').execute();
  expect(versions.map((v) => Number(v.version))).toEqual(MIGRATIONS.map((m) => m.version));
}

describe('a database made before server/db', () => {
  const dirs: string[] = [];
  let postgres: PostgresServer | undefined;
  beforeAll(async () => {
    postgres = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await postgres?.destroy();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('SQLite: DATA_DIR/roomwatch.db opens with its rows, and seq continues', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roomwatch-legacy-'));
    dirs.push(dir);
    const old = new Database(join(dir, SQLITE_FILE));
    old.exec(fixture('sqlite'));
    old.close();
    const database = await sqliteDatabase(dir);
    try {
      await expectCarriedOn(database);
    } finally {
      await database.close();
    }
    const again = await sqliteDatabase(dir);
    expect((await closableHistory(again).room(room))?.lastSeq).toBe(3);
    await again.close();
  });

  it('PostgreSQL: the database opens with its rows, and seq continues', async () => {
    if (!postgres) throw new Error('PostgreSQL did not start');
    const url = await postgres.createDatabase('legacy');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(fixture('postgres'));
    await client.end();
    const database = await postgresDatabase(url);
    try {
      await expectCarriedOn(database);
    } finally {
      await database.close();
    }
  });

  /**
   * A build between the assurance merge and its migrations made its tables itself: its policies
   * and governance carry on (retention filled in), and its stored chain links are taken as they are,
   * never rehashed, so an event edited before the upgrade still shows.
   */
  const STORED_LINK = 'a'.repeat(64);
  const DEV_BUILD = `
    CREATE TABLE recording_policies (id TEXT PRIMARY KEY, position INTEGER NOT NULL, body TEXT NOT NULL);
    CREATE TABLE call_governance (provider TEXT NOT NULL, call_id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (provider, call_id));
    CREATE TABLE evidence_keys (kid TEXT PRIMARY KEY, jwk TEXT NOT NULL);
    CREATE TABLE event_chain (provider TEXT NOT NULL, call_id TEXT NOT NULL, seq INTEGER NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (provider, call_id, seq));
    INSERT INTO call_governance VALUES ('proconf', 'standup', '{"policyId":"p1","require":{"recording":true,"transcription":false},"graceSec":60,"retainDays":30,"governedAt":"2026-11-20T10:00:00.000Z"}');
    INSERT INTO event_chain VALUES ('proconf', 'standup', 1, '${GENESIS_HASH}', '${STORED_LINK}');
  `;
  async function expectDevBuildCarriedOn(database: AppDatabase): Promise<void> {
    const governance = await database.db.selectFrom('call_governance').select(['retain_days']).executeTakeFirstOrThrow();
    expect(Number(governance.retain_days)).toBe(30);
    expect((await policyRepository(database).governanceOf(room))?.policyId).toBe('p1');
    const chained = await chainRepository(database).chained(room);
    expect(chained.map((e) => [e.seq, e.prevHash === GENESIS_HASH, e.hash === STORED_LINK])).toEqual([
      [1, true, true],
      [2, false, false],
    ]);
    expect(chained[1]?.prevHash).toBe(STORED_LINK);
    expect(verifyChain(chained, GENESIS_HASH)).toMatchObject({ ok: false, seq: 1 });
  }

  it('SQLite: a build that made the assurance tables itself carries on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roomwatch-legacy-'));
    dirs.push(dir);
    const old = new Database(join(dir, SQLITE_FILE));
    old.exec(fixture('sqlite'));
    old.exec(DEV_BUILD);
    old.close();
    const database = await sqliteDatabase(dir);
    try {
      await expectDevBuildCarriedOn(database);
      expect(await sql`SELECT name FROM sqlite_master WHERE name = 'event_chain'`.execute(database.db)).toMatchObject({ rows: [] });
    } finally {
      await database.close();
    }
  });

  it('PostgreSQL: a build that made the assurance tables itself carries on', async () => {
    if (!postgres) throw new Error('PostgreSQL did not start');
    const url = await postgres.createDatabase('devbuild');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(fixture('postgres'));
    await client.query(DEV_BUILD);
    await client.end();
    const database = await postgresDatabase(url);
    try {
      await expectDevBuildCarriedOn(database);
      expect(await sql`SELECT to_regclass('event_chain') AS t`.execute(database.db)).toMatchObject({ rows: [{ t: null }] });
    } finally {
      await database.close();
    }
  });
});
