import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NewRoomEvent, RoomEvent } from '../../src/contract/history';
import { memoryPolicyStore } from '../../server/assurance/policyStore';
import { createAssuranceService } from '../../server/assurance/service';
import { chain } from '../../server/evidence/chain';
import { memoryChainStore } from '../../server/evidence/hashStore';
import { loadEvidenceKeys } from '../../server/evidence/keys';
import { evidencePayload } from '../../server/evidence/payload';
import { signEvidence } from '../../server/evidence/sign';
import { verifyEvidence } from '../../server/evidence/verify';
import { foldEvents } from '../../server/history/fold';
import { callRecord } from '../../server/history/record';
import { openDatabase } from '../../server/db';
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

/**
 * The period query over a SQLite store of `calls × perCall` events (BENCH_ASSURANCE_EVENTS, default
 * 1,000,000), one governed room-hour per ~3,600 events; and the store bytes per governed room-hour.
 */
async function periodRows(dir: string): Promise<Row[]> {
  const total = Number(process.env.BENCH_ASSURANCE_EVENTS ?? 1_000_000);
  const perCall = 1000;
  const calls = Math.max(1, Math.round(total / perCall));
  const database = await openDatabase({ dataDir: dir, databaseUrl: undefined });
  const store = historyRepository(database);
  const base = Date.now() - 30 * 86_400_000;
  for (let c = 0; c < calls; c += 1) {
    const start = base + c * 1_800_000;
    const events = callEvents(perCall, start);
    const room = { provider: 'cometchat', callId: `bench-${c}` };
    await store.write({ room, events, record: callRecord(room, foldEvents(numbered(events)), events.at(-1)?.at ?? null, start + perCall * 1000), lastSnapshot: null });
  }
  const policies = memoryPolicyStore();
  const policy = await policies.create({ name: 'all', enabled: true, match: {}, require: { recording: true, transcription: false }, graceSec: 60, retainDays: 2557 }, new Date());
  const service = createAssuranceService({
    history: store,
    watcher: { onEvents: () => () => undefined },
    providers: { get: () => ({ info: { capabilities: { participants: true } } }) as never },
    logger: { error: () => undefined },
    store: policies,
    chain: memoryChainStore(store),
  });
  const from = new Date(base - 86_400_000).toISOString();
  const to = new Date(Date.now()).toISOString();
  const c0 = performance.now();
  await service.assessPeriod({ from, to, policyId: policy.id }, () => true);
  const cold = performance.now() - c0;
  const times: number[] = [];
  for (let run = 0; run < 20; run += 1) {
    const t0 = performance.now();
    await service.assessPeriod({ from, to, policyId: policy.id }, () => true);
    times.push(performance.now() - t0);
  }
  await database.close();
  times.sort((a, b) => a - b);
  const bytes = statSync(join(dir, 'roomwatch.db')).size + (statSync(join(dir, 'roomwatch.db-wal'), { throwIfNoEntry: false })?.size ?? 0);
  const roomHours = (calls * perCall) / 3600;
  return [
    { measure: `assurance: period query over ${calls * perCall} events (${calls} calls), first (folds every call)`, value: ms(cold), target: 'report', met: null },
    { measure: `assurance: period query over ${calls * perCall} events (${calls} calls), p95 of 20 after the first`, value: ms(percentile(times, 95)), target: '< 1000 ms', met: percentile(times, 95) < 1000 },
    { measure: 'assurance: store bytes per governed room-hour (1 event/s)', value: `${Math.round(bytes / roomHours / 1024)} KiB`, target: 'report', met: null },
  ];
}

export async function assurance(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'roomwatch-bench-assurance-'));
  try {
    return [...(await evidenceRows(join(dir, 'keys'))), ...(await periodRows(join(dir, 'store')))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `npx tsx bench/phases/assurance.ts` runs this phase alone.
if (process.argv[1]?.endsWith('phases/assurance.ts')) {
  for (const row of await assurance()) process.stdout.write(`${row.measure}: ${row.value} (target ${row.target})\n`);
}
