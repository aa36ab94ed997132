import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeSchema, historyPageSchema, readinessSchema, type RoomEvent } from '../../../src/contract';
import { callSnapshotSchema } from '../../../src/contract/snapshot';
import { startSimulator, type Simulator } from '../../../server/simulator';
import { simulatorEnv } from '../../support/bffProcess';
import { startPostgres, type PostgresServer } from '../../support/postgresServer';
import { spawnTs, startBff, startSimulatorProcess, stopChild, type Child } from '../../support/processHarness';
import { signToken, TEST_SECRET } from '../../support/support';
import { eventually } from '../../support/upstreamHarness';
import { evidenceSigningKey } from '../../support/evidenceKey';

/**
 * "Nothing lost, nothing twice" with real processes: the vendor (the simulator as its own
 * process) keeps running while the BFF is killed with SIGKILL, changed while it is down, and the
 * BFF restarted on the same store.
 */
const ROOM = 'standup';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'roomwatch-crash-'));
  dirs.push(dir);
  return dir;
};

let simulator: Awaited<ReturnType<typeof startSimulatorProcess>>;
const bffs: Child[] = [];
let moderator: string;

beforeAll(async () => {
  simulator = await startSimulatorProcess(11);
  moderator = await signToken({ role: 'moderator' });
}, 60_000);
afterAll(async () => {
  for (const bff of bffs) await stopChild(bff);
  await stopChild(simulator.child);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The BFF pointed at the simulator process (or `vendor`): ProCONF only, watching every 250 ms. */
async function bff(extra: Record<string, string>, vendor: Record<string, string> = simulator.env) {
  const started = await startBff({
    SIMULATOR: 'off',
    AUTH_JWT_SECRET: TEST_SECRET,
    PROCONF_ADMIN_URL: vendor.PROCONF_ADMIN_URL ?? '',
    PROCONF_ADMIN_TOKEN: vendor.PROCONF_ADMIN_TOKEN ?? '',
    HISTORY: 'on',
    WATCH_INTERVAL_MS: '250',
    RATE_LIMIT_USER_PER_MIN: '0',
    RATE_LIMIT_IP_PER_MIN: '0',
    ...extra,
  });
  bffs.push(started.child);
  return started;
}

const get = (base: string, path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${moderator}` } });

async function history(base: string): Promise<RoomEvent[]> {
  const response = await get(base, `/api/calls/proconf/${ROOM}/history?limit=500`);
  return envelopeSchema(historyPageSchema).parse(await response.json()).data.events;
}

async function setRoom(change: { recording?: boolean; ended?: boolean }): Promise<void> {
  const response = await fetch(`${simulator.origin}/__sim/proconf/rooms/${ROOM}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(change),
  });
  expect(response.status).toBe(200);
}

/** Every recording change starts where the previous one ended: a repeated or lost one breaks the chain. */
function expectChained(events: readonly RoomEvent[]): void {
  let current: string | undefined;
  for (const event of events) {
    if (event.kind === 'watch.started') current = event.recording;
    if (event.kind !== 'recording') continue;
    expect(event.from, `seq ${event.seq}`).toBe(current);
    current = event.to;
  }
}

/** The recording state the history ends in: the last change, else what watching started with. */
function storedRecording(events: readonly RoomEvent[]): string | undefined {
  let current: string | undefined;
  for (const event of events) {
    if (event.kind === 'watch.started') current = event.recording;
    if (event.kind === 'recording') current = event.to;
  }
  return current;
}

describe('kill -9 mid-burst and a restart on the same store', () => {
  it('continues seq with no repeat, shows the downtime as not_watching, and reports what changed while down', async () => {
    const dataDir = tempDir();
    const first = await bff({ DATA_DIR: dataDir });
    await eventually(async () => (await history(first.url)).some((e) => e.kind === 'watch.started'), 30_000);

    // A burst of changes at the vendor, faster than the watcher polls; the BFF dies in the middle.
    const baseline = (await history(first.url)).find((e) => e.kind === 'watch.started');
    let recording = baseline?.kind === 'watch.started' && baseline.recording === 'on';
    // Flips keep coming until some are stored (however busy the machine), then one more and the kill.
    let flips = 0;
    const flip = async () => {
      recording = !recording;
      flips += 1;
      await setRoom({ recording });
      await new Promise((r) => setTimeout(r, 180));
    };
    while (flips < 6 || ((await history(first.url)).every((e) => e.kind !== 'recording') && flips < 100)) await flip();
    const beforeKill = await history(first.url);
    expect(beforeKill.filter((e) => e.kind === 'recording').length).toBeGreaterThan(0);
    recording = !recording;
    await setRoom({ recording });
    first.child.process.kill('SIGKILL');
    expect((await first.child.exited).signal).toBe('SIGKILL');

    // While nobody watches: the meeting ends at the vendor.
    await setRoom({ ended: true });
    const restartedAt = new Date().toISOString();
    const second = await bff({ DATA_DIR: dataDir });
    await eventually(async () => (await history(second.url)).some((e) => e.kind === 'watch.stopped'), 30_000);

    const after = await history(second.url);
    expect(after.map((e) => e.seq)).toEqual(after.map((_, i) => i + 1));
    // What was stored before the kill is still there, unchanged.
    expect(after.slice(0, beforeKill.length)).toEqual(beforeKill);
    expectChained(after);

    const gapStarted = after.find((e) => e.kind === 'gap.started' && e.reason === 'not_watching');
    const gapEnded = after.find((e) => e.kind === 'gap.ended' && e.reason === 'not_watching');
    if (!gapStarted || !gapEnded) throw new Error(`no not_watching gap in ${JSON.stringify(after.map((e) => e.kind))}`);
    expect(gapStarted.seq).toBeGreaterThan(beforeKill.at(-1)?.seq ?? 0);
    expect(gapStarted.at < restartedAt).toBe(true);
    expect(gapEnded.seq).toBeGreaterThan(gapStarted.seq);
    expect(gapEnded.at >= restartedAt).toBe(true);

    // The end happened while down and shows at the first new observation, after the gap.
    const ended = after.find((e) => e.kind === 'state' && e.to === 'ended');
    expect(ended?.seq).toBeGreaterThan(gapEnded.seq);
    expect(ended?.observedAt).toBe(gapEnded.observedAt);
    expect(after.at(-1)).toMatchObject({ kind: 'watch.stopped', reason: 'ended' });
    await stopChild(second.child);
  }, 90_000);
});

describe('a store that cannot be opened stops start-up with a message naming it', () => {
  async function failedStart(env: Record<string, string>) {
    const child = spawnTs('server/main.ts', { PORT: '0', SIMULATOR_PORT: '0', HISTORY: 'on', ...env });
    const { code } = await child.exited;
    return { code, output: child.output() };
  }

  it('a regular file where DATA_DIR should be', async () => {
    const file = join(tempDir(), 'not-a-directory');
    writeFileSync(file, 'in the way');
    const { code, output } = await failedStart({ DATA_DIR: file });
    expect(code).toBe(1);
    expect(output).toContain(`DATA_DIR ${file}`);
  }, 30_000);

  it('a DATABASE_URL nothing answers at, named without its password', async () => {
    const { code, output } = await failedStart({ DATABASE_URL: 'postgres://roomwatch:Sup3rSecret@127.0.0.1:1/roomwatch', EVIDENCE_SIGNING_KEY: evidenceSigningKey() });
    expect(code).toBe(1);
    expect(output).toContain('127.0.0.1:1/roomwatch');
    expect(output).toContain('DATABASE_URL');
    expect(output).not.toContain('Sup3rSecret');
  }, 30_000);
});

describe('PostgreSQL stopped mid-run', () => {
  let postgres: PostgresServer;
  // Its own simulator, frozen (no scenario ticks): the demo scenario flips a room's recording
  // now and then, and a flip of its own during the outage could undo the test's change, leaving
  // nothing for the recovered store to write. Here the room changes only when the test says.
  let vendor: Simulator;
  beforeAll(async () => {
    [postgres, vendor] = await Promise.all([startPostgres(), startSimulator({ seed: 11, port: 0, tickMs: 0 })]);
  }, 60_000);
  afterAll(async () => {
    await vendor?.close();
    await postgres?.destroy();
  });

  const readiness = async (base: string) => envelopeSchema(readinessSchema).parse(await (await fetch(`${base}/readyz`)).json()).data;

  it('keeps live status answering, says degraded, and continues the history without a repeated seq', async () => {
    const url = await postgres.createDatabase('crash');
    const { url: base, child } = await bff({ DATABASE_URL: url, EVIDENCE_SIGNING_KEY: evidenceSigningKey(), WATCH_INTERVAL_MS: '300' }, simulatorEnv(vendor));
    const room = async () => {
      const response = await get(base, '/api/calls/proconf/design-review');
      return { status: response.status, body: (await response.json()) as unknown };
    };
    const roomHistory = async () => {
      const response = await get(base, '/api/calls/proconf/design-review/history?limit=500');
      return envelopeSchema(historyPageSchema).parse(await response.json()).data.events;
    };
    const setRecording = async (on: boolean) => {
      const response = await fetch(`${vendor.origin}/__sim/proconf/rooms/design-review`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ recording: on }),
      });
      expect(response.status).toBe(200);
    };
    // Generous limits throughout: on a busy machine a BFF start, a PostgreSQL restart and a pool
    // reconnecting each take seconds. Every wait ends as soon as its condition holds.
    const waitFor = (what: string, check: () => Promise<boolean>, timeoutMs: number) =>
      eventually(check, timeoutMs).catch(() => {
        throw new Error(`${what}: not within ${timeoutMs} ms; the BFF's last words:\n${child.output().slice(-4000)}`);
      });
    await waitFor('watching starts', async () => (await roomHistory()).some((e) => e.kind === 'watch.started'), 30_000);
    const before = await roomHistory();
    expect((await readiness(base)).status).toBe('ready');

    await postgres.stop();
    // One change at the vendor, away from what is stored: the watcher sees it, fails to write it,
    // says so, and keeps diffing from the stored snapshot, so the change is still due when the
    // store answers again. (Flipping until the failure shows could flip an even number of
    // times, undoing the change before anything could be written.)
    let recording = storedRecording(before) !== 'on';
    await setRecording(recording);
    const failureLogged = () => /"room":"proconf:design-review".*store write failed/.test(child.output());
    await waitFor('the failed write is logged', async () => failureLogged(), 30_000);
    await waitFor('readiness says degraded', async () => (await readiness(base)).history.store === 'degraded', 30_000);
    expect((await readiness(base)).status).toBe('degraded');
    const live = await room();
    expect(live.status).toBe(200);
    expect(envelopeSchema(callSnapshotSchema).parse(live.body).data.callId).toBe('design-review');
    expect((await get(base, '/api/rooms')).status).toBe(200);

    await postgres.start();
    await waitFor('readiness says ok again', async () => (await readiness(base)).history.store === 'ok', 60_000);
    // What the outage held back is written once the store answers.
    await waitFor('the held change is written', async () => (await roomHistory()).slice(before.length).some((e) => e.kind === 'recording'), 30_000);
    const held = (await roomHistory()).slice(before.length).filter((e) => e.kind === 'recording');
    expect(held.map((e) => (e.kind === 'recording' ? e.to : ''))).toEqual([recording ? 'on' : 'off']);
    const writtenAfterOutage = (await roomHistory()).length;
    recording = !recording;
    await setRecording(recording);
    await waitFor('a change after recovery is written', async () => (await roomHistory()).slice(writtenAfterOutage).some((e) => e.kind === 'recording'), 30_000);
    const after = await roomHistory();
    expect(after.map((e) => e.seq)).toEqual(after.map((_, i) => i + 1));
    expect(after.slice(0, before.length)).toEqual(before);
    expectChained(after);
    // The last change is in the history once, after what the outage held back.
    const last = after.slice(writtenAfterOutage).filter((e) => e.kind === 'recording');
    expect(last.map((e) => (e.kind === 'recording' ? e.to : ''))).toEqual([recording ? 'on' : 'off']);
    await stopChild(child);
  }, 240_000);
});
