import { describe, expect, it } from 'vitest';
import { historyConfig, historyEnvSchema } from '../../../server/history/config';
import { encodeCallsCursor, parseCallsCursor } from '../../../server/history/cursor';
import { InvalidCursorError } from '../../../server/history/errors';

describe('history environment', () => {
  it('defaults: on, ./data, SQLite, 30 days', () => {
    expect(historyConfig(historyEnvSchema.parse({}))).toEqual({ enabled: true, dataDir: './data', databaseUrl: undefined, retentionDays: 30 });
  });

  it('HISTORY=off, HISTORY_DAYS=0 keeps forever, a PostgreSQL URL', () => {
    const env = historyEnvSchema.parse({ HISTORY: 'off', HISTORY_DAYS: '0', DATABASE_URL: 'postgres://rw:pw@db:5432/roomwatch' });
    expect(historyConfig(env)).toEqual({ enabled: false, dataDir: './data', databaseUrl: 'postgres://rw:pw@db:5432/roomwatch', retentionDays: 0 });
  });

  it('names each bad variable', () => {
    const parsed = historyEnvSchema.safeParse({ HISTORY: 'maybe', HISTORY_DAYS: '-1', DATABASE_URL: 'sqlite://x', DATA_DIR: ' ' });
    expect(parsed.success).toBe(false);
    const named = new Set(parsed.error?.issues.map((issue) => issue.path[0]));
    expect(named).toEqual(new Set(['HISTORY', 'HISTORY_DAYS', 'DATABASE_URL', 'DATA_DIR']));
  });
});

describe('calls cursor', () => {
  it('round-trips the sort key and normalises the time', () => {
    const cursor = encodeCallsCursor({ watchedSince: '2026-11-20T10:00:05.000Z', provider: 'tencent', callId: 'room "1"/é' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(parseCallsCursor(cursor)).toEqual({ watchedSince: '2026-11-20T10:00:05.000Z', provider: 'tencent', callId: 'room "1"/é' });
  });

  it('anything else is an InvalidCursorError', () => {
    const bad = ['', '!!!', 'e30', Buffer.from('["2026-11-20T10:00:05Z","Not A Provider!","x"]').toString('base64url'), Buffer.from('[1,2,3]').toString('base64url')];
    for (const text of bad) expect(() => parseCallsCursor(text)).toThrow(InvalidCursorError);
  });
});
