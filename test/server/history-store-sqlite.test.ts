import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { historyConfig, historyEnvSchema, openHistoryStore } from '../../server/history/config';
import { HistoryStartError } from '../../server/history/errors';
import { openSqliteStore, SQLITE_FILE } from '../../server/history/sqliteStore';
import { createLogger } from '../../server/logger';
import { historyStoreContract } from '../history/store-contract';

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
    async open() {
      const store = openSqliteStore(dir);
      await store.migrate();
      return store;
    },
  });
});

const silent = createLogger('silent');

describe('SQLite history store on disk', () => {
  it('creates DATA_DIR and roomwatch.db in WAL mode when history is on', async () => {
    const dir = join(tempDir(), 'nested', 'data');
    const env = historyEnvSchema.parse({ DATA_DIR: dir });
    const store = await openHistoryStore(historyConfig(env), silent);
    expect(store?.kind).toBe('sqlite');
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
    await store?.close();
  });

  it('an unwritable DATA_DIR stops start-up with an error naming the path', async () => {
    // A regular file where the directory should be: nothing can be created under it, even as root.
    const blocker = join(tempDir(), 'not-a-dir');
    writeFileSync(blocker, 'x');
    const dataDir = join(blocker, 'data');
    const opening = openHistoryStore(historyConfig(historyEnvSchema.parse({ DATA_DIR: dataDir })), silent);
    await expect(opening).rejects.toBeInstanceOf(HistoryStartError);
    await expect(opening).rejects.toThrow(`DATA_DIR ${dataDir} is not writable`);
  });

  it('HISTORY=off opens nothing and creates no file', async () => {
    const dir = join(tempDir(), 'never');
    const store = await openHistoryStore(historyConfig(historyEnvSchema.parse({ HISTORY: 'off', DATA_DIR: dir })), silent);
    expect(store).toBeNull();
    expect(existsSync(dir)).toBe(false);
  });
});
