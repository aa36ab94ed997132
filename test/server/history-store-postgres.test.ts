import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyConfig, historyEnvSchema, openHistoryStore } from '../../server/history/config';
import { HistoryStartError } from '../../server/history/errors';
import { openPostgresStore } from '../../server/history/postgresStore';
import type { RoomRef } from '../../server/history/store';
import { WriteQueue } from '../../server/history/writeQueue';
import { createLogger } from '../../server/logger';
import { joined, recordingTurned, roomWrite } from '../history/fixtures';
import { historyStoreContract } from '../history/store-contract';
import { startPostgres, type PostgresServer } from '../support/postgresServer';

let server: PostgresServer;
let databases = 0;

beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => {
  await server.destroy();
});

const freshDatabase = () => server.createDatabase(`history_${++databases}`);

historyStoreContract('postgres', async () => {
  const url = await freshDatabase();
  return {
    async open() {
      const store = await openPostgresStore(url);
      await store.migrate();
      return store;
    },
  };
});

/** Log lines as parsed JSON, from a real pino logger. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger('info', stream), lines };
}

const silent = createLogger('silent');

describe('PostgreSQL history store start-up', () => {
  it('an unreachable DATABASE_URL names host:port/database, never the password', async () => {
    await withStoppedServer(async (port) => {
      const url = `postgres://roomwatch:Sup3rSecretPw@127.0.0.1:${port}/roomwatch`;
      const opening = openHistoryStore(historyConfig(historyEnvSchema.parse({ DATABASE_URL: url })), silent);
      await expect(opening).rejects.toBeInstanceOf(HistoryStartError);
      const message = await opening.then(
        () => '',
        (error: unknown) => (error instanceof Error ? error.message : ''),
      );
      expect(message).toContain(`127.0.0.1:${port}/roomwatch`);
      expect(message).not.toContain('Sup3rSecretPw');
    });
  });

  it('a database that does not exist names it', async () => {
    const url = server.url('no_such_db', 'Sup3rSecretPw');
    const opening = openHistoryStore(historyConfig(historyEnvSchema.parse({ DATABASE_URL: url })), silent);
    await expect(opening).rejects.toThrow(`127.0.0.1:${server.port}/no_such_db`);
    await expect(opening).rejects.not.toThrow('Sup3rSecretPw');
  });

  it('DATABASE_URL must be a postgres:// URL', () => {
    const parsed = historyEnvSchema.safeParse({ DATABASE_URL: 'mysql://u:p@db/x' });
    expect(parsed.success).toBe(false);
    expect(historyEnvSchema.parse({ DATABASE_URL: 'postgresql://u:p@db:5433/x' }).DATABASE_URL).toBe('postgresql://u:p@db:5433/x');
    expect(historyEnvSchema.parse({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
});

/** A port nothing listens on: this file's own server, stopped for the duration. */
async function withStoppedServer(work: (port: number) => Promise<void>): Promise<void> {
  await server.stop();
  try {
    await work(server.port);
  } finally {
    await server.start();
  }
}

describe('write queue in front of a PostgreSQL that stops mid-run', () => {
  const room: RoomRef = { provider: 'bandwidth', callId: 'c-queue' };

  it('queues while the store is down, reports degraded, and writes everything once it is back', async () => {
    const url = await freshDatabase();
    const store = await openPostgresStore(url, { connectTimeoutMs: 500 });
    await store.migrate();
    const { logger, lines } = capturedLogger();
    const queue = new WriteQueue(store, logger, { baseBackoffMs: 50, maxBackoffMs: 200 });
    try {
      expect(await queue.enqueue(roomWrite(room, [joined('alice')]))).toHaveLength(1);
      expect(queue.status().state).toBe('ok');

      await server.stop();
      const pending = [1, 2, 3, 4, 5].map((n) => queue.enqueue(roomWrite(room, [joined(`p${n}`)])));
      await expect.poll(() => queue.status().state, { timeout: 5_000 }).toBe('degraded');
      expect(queue.status().queued).toBeGreaterThanOrEqual(5);
      expect(await store.ping()).toBe(false);

      await server.start();
      const written = await Promise.all(pending);
      expect(written.map((events) => events?.map((e) => e.seq))).toEqual([[2], [3], [4], [5], [6]]);
      expect(queue.status()).toMatchObject({ state: 'ok', queued: 0, dropped: 0 });
      const events = await store.events(room, 0, 100);
      expect(events.map((e) => (e.kind === 'participant.joined' ? e.participantId : e.kind))).toEqual(['alice', 'p1', 'p2', 'p3', 'p4', 'p5']);
      expect(lines.some((l) => l.msg === 'history store writes again')).toBe(true);
    } finally {
      await server.start();
      await queue.close();
      await store.close();
    }
  });

  it('past its bound it drops the oldest writes and logs rooms and counts, never event contents', async () => {
    const url = await freshDatabase();
    const store = await openPostgresStore(url, { connectTimeoutMs: 500 });
    await store.migrate();
    const { logger, lines } = capturedLogger();
    const queue = new WriteQueue(store, logger, { maxQueued: 3, baseBackoffMs: 50, maxBackoffMs: 200, dropLogIntervalMs: 10 });
    try {
      await server.stop();
      const rooms = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'].map((callId): RoomRef => ({ provider: 'tencent', callId }));
      // The first goes out and fails (in flight, kept); of the five behind it three fit.
      const results = rooms.map((r) => queue.enqueue(roomWrite(r, [joined('Secret Name'), recordingTurned('on')])));
      await expect.poll(() => lines.find((l) => l.msg === 'history writes dropped: the store is failing and the queue is full'), { timeout: 5_000 }).toBeTruthy();
      const dropLine = lines.find((l) => l.msg === 'history writes dropped: the store is failing and the queue is full');
      expect(dropLine).toMatchObject({ droppedWrites: 2, droppedEvents: 4, rooms: ['tencent/r2', 'tencent/r3'], roomCount: 2 });
      expect(JSON.stringify(lines)).not.toContain('Secret Name');
      expect(queue.status()).toMatchObject({ state: 'degraded', dropped: 2 });

      await server.start();
      const outcome = await Promise.all(results);
      expect(outcome.map((events) => (events === null ? 'dropped' : 'written'))).toEqual(['written', 'dropped', 'dropped', 'written', 'written', 'written']);
      for (const r of rooms) {
        const kept = ['r1', 'r4', 'r5', 'r6'].includes(r.callId);
        expect((await store.room(r))?.lastSeq ?? 0).toBe(kept ? 2 : 0);
      }
    } finally {
      await server.start();
      await queue.close();
      await store.close();
    }
  });
});
