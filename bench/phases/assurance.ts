import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NewRoomEvent, RoomEvent } from '../../src/contract/history';
import { createAssuranceService } from '../../server/assurance/service';
import { chain } from '../../server/evidence/chain';
import { loadEvidenceKeys } from '../../server/evidence/keys';
import { evidencePayload } from '../../server/evidence/payload';
import { signEvidence } from '../../server/evidence/sign';
import { verifyEvidence } from '../../server/evidence/verify';
import { foldEvents } from '../../server/history/fold';
import { callRecord } from '../../server/history/record';
import { openDatabase, type AppDatabase } from '../../server/db';
import { startPostgres } from '../../test/support/postgresServer';
import { historyRepository } from '../../server/history/repository';
import { percentile, type Row } from './context';

/** One call's events: people come and go, recording flips; `n` events over `n` seconds from `start`. */
function callEvents(n: number, start: number): NewRoomEvent[] {
  const iso = (sec: number) => new Date(start + sec * 1000).toISOString();
  const events: NewRoomEvent[] = [
    { kind: 'watch.started', at: iso(0), observedAt: iso(0), state: 'active', recording: 'on', transcription: 'off', activeParticipants: 0, startedAt: iso(0) },
  ];
  const present = new Set<string>();
  for (let i = 1; events.length < n - 2; i += 1) {
    const at = iso(i);
    if (i % 50 === 0) events.push({ kind: 'recording', at, observedAt: at, from: 'on', to: i % 100 === 0 ? 'on' : 'off' });
    const id = `p${i % 40}`;
    if (present.has(id)) {
      present.delete(id);
      events.push({ kind: 'participant.left', at, observedAt: at, participantId: id, name: null });
    } else {
      present.add(id);
      events.push({ kind: 'participant.joined', at, observedAt: at, participantId: id, name: `Person ${i % 40}` });
    }
  }
  const end = iso(n);
  events.push({ kind: 'state', at: end, observedAt: end, from: 'active', to: 'ended' }, { kind: 'watch.stopped', at: end, observedAt: end, reason: 'ended' });
  return events;
}

const numbered = (events: NewRoomEvent[]): RoomEvent[] => events.map((e, i) => ({ ...e, seq: i + 1 }) as RoomEvent);
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function evidenceRows(dir: string): Promise<Row[]> {
  const events = chain(numbered(callEvents(10_000, Date.now() - 86_400_000)));
  const keys = await loadEvidenceKeys({ signingKeyPem: undefined, dataDir: dir });
  const governance = { policyId: 'bench', require: { recording: true, transcription: false }, graceSec: 60, retainDays: 2557, governedAt: events[0]?.at ?? '' };
  const t0 = performance.now();
  const payload = evidencePayload({ room: { provider: 'cometchat', callId: 'bench-call' }, events, governance, listsParticipants: true, live: false, now: Date.now() });
  const jws = await signEvidence(keys, payload);
  const built = performance.now() - t0;
  const t1 = performance.now();
  const outcome = await verifyEvidence(jws, await keys.jwks());
  const verified = performance.now() - t1;
  return [
    { measure: 'assurance: evidence of a 10,000-event call, size', value: `${(Buffer.byteLength(jws) / 1024 / 1024).toFixed(2)} MiB`, target: '< 16 MiB', met: Buffer.byteLength(jws) < 16 * 1024 * 1024 },
    { measure: 'assurance: evidence of a 10,000-event call, fold + chain payload + sign', value: ms(built), target: '< 2000 ms', met: built < 2000 },
    { measure: 'assurance: evidence of a 10,000-event call, verify (signature, chain, figures)', value: ms(verified), target: '< 2000 ms', met: verified < 2000 && outcome.code === 0 },
  ];
}

type Dialect = 'SQLite' | 'PostgreSQL';

const BENCH_POLICY = { name: 'all', enabled: true, match: {}, require: { recording: true, transcription: false }, graceSec: 60, retainDays: 2557 };

function benchService(database: AppDatabase) {
  return createAssuranceService({
    database,
    history: historyRepository(database),
    watcher: { onEvents: () => () => undefined },
    providers: { get: () => ({ info: { capabilities: { participants: true } } }) as never },
    logger: { error: () => undefined },
  });
}

/**
 * The period query over a store of `calls × 1,000` events, one governed room-hour per ~3,600
 * events: the first query on a database without stored figures (it folds every ended call once and
 * stores its figures, as after the upgrade to migration 7), then cold (a new store and service on
 * the same database, as after a restart: p95 of 10 restarts) and warm (p95 of 20 in one process).
 */
async function periodRows(dialect: Dialect, total: number, open: () => Promise<AppDatabase>, file: string | null): Promise<Row[]> {
  const perCall = 1000;
  const calls = Math.max(1, Math.round(total / perCall));
  const label = `assurance (${dialect}): period query over ${calls * perCall} events (${calls} calls)`;
  const base = Date.now() - 30 * 86_400_000;
  const from = new Date(base - 86_400_000).toISOString();
  const to = new Date(Date.now()).toISOString();
  const database = await open();
  const store = historyRepository(database);
  for (let c = 0; c < calls; c += 1) {
    const start = base + c * 1_800_000;
    const events = callEvents(perCall, start);
    const room = { provider: 'cometchat', callId: `bench-${c}` };
    await store.write({ room, events, record: callRecord(room, foldEvents(numbered(events)), events.at(-1)?.at ?? null, start + perCall * 1000), lastSnapshot: null });
  }
  const policy = await benchService(database).createPolicy(BENCH_POLICY, null);
  const query = { from, to, policyId: policy.id };
  const f0 = performance.now();
  const answered = await benchService(database).assessPeriod(query, () => true);
  const first = performance.now() - f0;
  await database.close();

  const cold: number[] = [];
  const warm: number[] = [];
  for (let restart = 0; restart < 10; restart += 1) {
    const reopened = await open();
    const service = benchService(reopened);
    const t0 = performance.now();
    const again = await service.assessPeriod(query, () => true);
    cold.push(performance.now() - t0);
    if (again.length !== answered.length) throw new Error(`${label}: ${again.length} calls after a restart, ${answered.length} before`);
    if (restart === 9) {
      for (let run = 0; run < 20; run += 1) {
        const t1 = performance.now();
        await service.assessPeriod(query, () => true);
        warm.push(performance.now() - t1);
      }
    }
    await reopened.close();
  }
  cold.sort((a, b) => a - b);
  warm.sort((a, b) => a - b);
  const rows: Row[] = [
    { measure: `${label}, first query without stored figures (folds and stores every call)`, value: ms(first), target: 'report', met: null },
    { measure: `${label}, cold after a restart, p95 of 10`, value: ms(percentile(cold, 95)), target: '< 1000 ms', met: percentile(cold, 95) < 1000 },
    { measure: `${label}, warm, p95 of 20`, value: ms(percentile(warm, 95)), target: '< 1000 ms', met: percentile(warm, 95) < 1000 },
  ];
  if (file) {
    const bytes = statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    rows.push({ measure: `assurance (${dialect}): store bytes per governed room-hour (1 event/s)`, value: `${Math.round(bytes / ((calls * perCall) / 3600) / 1024)} KiB`, target: 'report', met: null });
  }
  return rows;
}

/** BENCH_ASSURANCE_EVENTS (default 1,000,000) sizes both stores; BENCH_ASSURANCE_DIALECTS picks them (default both). */
export async function assurance(): Promise<Row[]> {
  const total = Number(process.env.BENCH_ASSURANCE_EVENTS ?? 1_000_000);
  const dialects = (process.env.BENCH_ASSURANCE_DIALECTS ?? 'sqlite,postgres').split(',');
  const dir = mkdtempSync(join(tmpdir(), 'roomwatch-bench-assurance-'));
  const rows: Row[] = [];
  try {
    rows.push(...(await evidenceRows(join(dir, 'keys'))));
    if (dialects.includes('sqlite')) {
      const dataDir = join(dir, 'store');
      rows.push(...(await periodRows('SQLite', total, () => openDatabase({ dataDir, databaseUrl: undefined }), join(dataDir, 'roomwatch.db'))));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (dialects.includes('postgres')) {
    const postgres = await startPostgres();
    try {
      const url = await postgres.createDatabase('bench_assurance');
      rows.push(...(await periodRows('PostgreSQL', total, () => openDatabase({ dataDir: '', databaseUrl: url }), null)));
    } finally {
      await postgres.destroy();
    }
  }
  return rows;
}

// `npx tsx bench/phases/assurance.ts` runs this phase alone.
if (process.argv[1]?.endsWith('phases/assurance.ts')) {
  for (const row of await assurance()) process.stdout.write(`${row.measure}: ${row.value} (target ${row.target})\n`);
}
