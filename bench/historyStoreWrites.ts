import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NewRoomEvent } from '../src/contract';
import { openDatabase, type AppDatabase } from '../server/db';
import { historyRepository } from '../server/history/repository';
import { startPostgres } from '../test/support/postgresServer';

/**
 * `npx tsx bench/historyStoreWrites.ts`: 1000 small write()s (one room-change each, 100 rooms
 * round-robin) against each store, one after another as the watcher issues them; prints
 * p50/p99/max and the ratio of the two stores. PostgreSQL is a throwaway server from Debian's
 * package with fsync off, so its figures are the protocol and transaction cost, not disk flushes;
 * SQLite runs with the settings it ships (WAL, synchronous=NORMAL).
 */
const WRITES = 1000;
const ROOMS = 100;

function event(n: number): NewRoomEvent {
  const at = new Date(Date.UTC(2026, 10, 20, 10, 0, 0, n)).toISOString();
  return n % 2 === 0
    ? { kind: 'participant.joined', participantId: `p${n}`, name: null, at, observedAt: at }
    : { kind: 'recording', from: 'off', to: 'on', at, observedAt: at };
}

async function measure(database: AppDatabase): Promise<number[]> {
  const store = historyRepository(database);
  const times: number[] = [];
  for (let n = 0; n < WRITES; n += 1) {
    const callId = `room-${n % ROOMS}`;
    const at = new Date(Date.UTC(2026, 10, 20, 10, 0, 0, n)).toISOString();
    const started = performance.now();
    await store.write({
      room: { provider: 'proconf', callId },
      events: [event(n)],
      record: {
        provider: 'proconf',
        callId,
        state: 'active',
        startedAt: null,
        endedAt: null,
        watchedSince: '2026-11-20T10:00:00.000Z',
        lastObservedAt: at,
        durationSec: null,
        peakParticipants: 3,
        recordedSec: 0,
        transcribedSec: 0,
      },
      lastSnapshot: null,
    });
    times.push(performance.now() - started);
  }
  await database.close();
  return times.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const row = (name: string, t: number[]) =>
  `${name.padEnd(10)} p50 ${pct(t, 50).toFixed(3)} ms  p99 ${pct(t, 99).toFixed(3)} ms  max ${(t.at(-1) ?? NaN).toFixed(3)} ms  total ${t.reduce((a, b) => a + b, 0).toFixed(0)} ms`;

const dir = mkdtempSync(join(tmpdir(), 'roomwatch-bench-sqlite-'));
const server = await startPostgres();
try {
  const sqlite = await measure(await openDatabase({ dataDir: dir, databaseUrl: undefined }));
  const postgres = await measure(await openDatabase({ dataDir: dir, databaseUrl: await server.createDatabase('bench') }));
  process.stdout.write(`history store, ${WRITES} writes of one event each\n${row('sqlite', sqlite)}\n${row('postgres', postgres)}\n`);
  process.stdout.write(`p99 ratio postgres/sqlite: ${(pct(postgres, 99) / pct(sqlite, 99)).toFixed(1)}\n`);
} finally {
  await server.destroy();
  rmSync(dir, { recursive: true, force: true });
}
