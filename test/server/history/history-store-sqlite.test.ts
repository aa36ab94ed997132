import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseStartError, SQLITE_FILE } from '../../../server/db';
import { historyConfig, historyEnvSchema, openHistoryDatabase } from '../../../server/history/config';
import { historyRepository } from '../../../server/history/repository';
import { startRetention } from '../../../server/history/retention';
import { createLogger } from '../../../server/logger';
import { roomWrite, record } from '../../support/historyFixtures';
import { historyStoreContract } from '../../support/historyStoreContract';
import { closableHistory, sqliteDatabase } from '../../support/databaseStores';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'roomwatch-sqlite-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

historyStoreContract('sqlite', () => {
  const dir = tempDir();
  return Promise.resolve({
    open: async () => closableHistory(await sqliteDatabase(dir)),
  });
});

const silent = createLogger('silent');

describe('SQLite history store on disk', () => {
  it('creates DATA_DIR and roomwatch.db in WAL mode when history is on', async () => {
    const dir = join(tempDir(), 'nested', 'data');
    const env = historyEnvSchema.parse({ DATA_DIR: dir });
    const database = await openHistoryDatabase(historyConfig(env), silent);
    expect(database?.kind).toBe('sqlite');
    const store = database && historyRepository(database);
    await store?.write({
      room: { provider: 'proconf', callId: 'x' },
      events: [],
      record: {
        provider: 'proconf',
        callId: 'x',
        state: 'active',
        startedAt: null,
        endedAt: null,
        watchedSince: '2026-11-20T10:00:00.000Z',
        lastObservedAt: null,
        durationSec: null,
        peakParticipants: null,
        recordedSec: 0,
        transcribedSec: 0,
      },
      lastSnapshot: null,
    });
    expect(existsSync(join(dir, SQLITE_FILE))).toBe(true);
    expect(existsSync(join(dir, `${SQLITE_FILE}-wal`))).toBe(true);
    await database?.close();
  });

  it('an unwritable DATA_DIR stops start-up with an error naming the path', async () => {
    // A regular file where the directory should be: nothing can be created under it, even as root.
    const blocker = join(tempDir(), 'not-a-dir');
    writeFileSync(blocker, 'x');
    const dataDir = join(blocker, 'data');
    const opening = openHistoryDatabase(historyConfig(historyEnvSchema.parse({ DATA_DIR: dataDir })), silent);
    await expect(opening).rejects.toBeInstanceOf(DatabaseStartError);
    await expect(opening).rejects.toThrow(`DATA_DIR ${dataDir} is not writable`);
  });

  it('a roomwatch.db that is not a database names the file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, SQLITE_FILE), 'this is not a SQLite database, just text that is long enough to have a header');
    const opening = openHistoryDatabase(historyConfig(historyEnvSchema.parse({ DATA_DIR: dir })), silent);
    await expect(opening).rejects.toBeInstanceOf(DatabaseStartError);
    await expect(opening).rejects.toThrow(join(dir, SQLITE_FILE));
  });

  it('HISTORY=off opens nothing and creates no file', async () => {
    const dir = join(tempDir(), 'never');
    const database = await openHistoryDatabase(historyConfig(historyEnvSchema.parse({ HISTORY: 'off', DATA_DIR: dir })), silent);
    expect(database).toBeNull();
    expect(existsSync(dir)).toBe(false);
  });
});

describe('retention (HISTORY_DAYS)', () => {
  const now = Date.parse('2026-11-20T12:00:00.000Z');
  const seed = async () => {
    const store = closableHistory(await sqliteDatabase(tempDir()));
    const seenAt = (days: number) => new Date(now - days * 86_400_000).toISOString();
    for (const [callId, days] of [['forty-days', 40], ['ten-days', 10]] as const) {
      const r = record('proconf', callId, { state: 'ended', watchedSince: seenAt(days + 1), lastObservedAt: seenAt(days) });
      await store.write(roomWrite({ provider: 'proconf', callId }, [], { record: r }));
    }
    return store;
  };
  const listed = async (store: Awaited<ReturnType<typeof seed>>) =>
    (await store.listCalls({ status: 'all', limit: 10 })).calls.map((c) => c.callId);

  it('30 days: a call last seen 40 days ago goes at start, one seen 10 days ago stays', async () => {
    const store = await seed();
    const stop = startRetention(store, 30, silent, 3_600_000, () => now);
    await expect.poll(() => listed(store)).toEqual(['ten-days']);
    stop();
    await store.close();
  });

  it('0 days keeps everything', async () => {
    const store = await seed();
    const stop = startRetention(store, 0, silent, 10, () => now);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await listed(store)).toEqual(['ten-days', 'forty-days']);
    stop();
    await store.close();
  });
});

