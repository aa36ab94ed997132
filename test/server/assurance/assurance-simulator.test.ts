import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assurancePeriodSchema, callAssuranceSchema, type CallAssurance, type RecordingPolicy } from '../../../src/contract/assurance';
import { envelopeSchema } from '../../../src/contract';
import { policyRepository } from '../../../server/assurance/policyRepository';
import { ruleInput } from '../../support/alertStoreContract';
import { webhookReceiver } from '../../support/webhookReceiver';
import { sqliteDatabase } from '../../support/databaseStores';
import { eventually } from '../../support/upstreamHarness';
import { historyEnv, startTestServer, type TestServer } from '../../support/support';

/**
 * Recording assurance end to end: the simulator's CometChat call is driven over its control
 * routes (recording off while two people are present, then on, then the vendor unreadable for a
 * while, then the call ends), the BFF watches it over real HTTP, and the figures, the verdict, the
 * `policy.violated` webhook, the period report and its CSV follow. A 2 s grace keeps it short.
 */
describe('recording assurance of a simulated call', () => {
  const dirs = historyEnv({
    WATCH_INTERVAL_MS: '300',
    WATCH_IDLE_INTERVAL_MS: '300',
    RATE_LIMIT_USER_PER_MIN: '0',
    RATE_LIMIT_IP_PER_MIN: '0',
    ALERT_WEBHOOK_SECRET: 'test-alert-webhook-secret-0123456789',
    ALERT_WEBHOOK_ALLOW: '127.0.0.1',
  });
  let server: TestServer;
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;
  let moderator: string;
  let policy: RecordingPolicy;

  beforeAll(async () => {
    // The policy is there before the first watch, so every CometChat call is governed from its first sighting.
    const database = await sqliteDatabase(dirs.dataDir);
    policy = await policyRepository(database).create(
      { name: 'CometChat is recorded', enabled: true, match: { provider: 'cometchat' }, require: { recording: true, transcription: false }, graceSec: 2, retainDays: 30 },
      new Date(),
    );
    await database.close();
    hook = await webhookReceiver();
    server = await startTestServer(dirs.env);
    moderator = await server.token({ role: 'moderator' });
  }, 30_000);
  afterAll(async () => {
    await server.close();
    await hook.close();
    dirs.cleanup();
  });

  const simulator = () => {
    if (!server.simulator) throw new Error('the test server runs without its simulator');
    return server.simulator.origin;
  };
  const control = async (path: string, body: unknown) => {
    const response = await fetch(`${simulator()}/__sim/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status, path).toBe(200);
  };
  const json = async (path: string, token = moderator): Promise<unknown> => {
    const response = await server.get(path, token);
    expect(response.status, path).toBe(200);
    return response.json();
  };
  /** The call's figures; a call not in the history yet (its first watch still to come) reads as none. */
  const assuranceOf = async (callId: string): Promise<CallAssurance | null> => {
    const response = await server.get(`/api/calls/cometchat/${callId}/assurance`, moderator);
    if (response.status === 404) return null;
    expect(response.status).toBe(200);
    return envelopeSchema(callAssuranceSchema).parse(await response.json()).data;
  };
  /** The call's figures once it is in the history. */
  const figuresOf = async (callId: string): Promise<CallAssurance> => {
    const figures = await assuranceOf(callId);
    if (!figures) throw new Error(`${callId} is not in the history`);
    return figures;
  };
  async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
    let last: T | undefined;
    await eventually(async () => check((last = await read())), timeoutMs);
    return last as T;
  }

  it('recording off with two people present, then on, then unknown for a gap: figures, verdict, participants, webhook and CSV', async () => {
    const created = await server.get('/api/alert-rules', moderator, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ruleInput({ name: 'Unrecorded', when: 'policy.violated', afterSec: 0, match: { provider: 'cometchat' }, channels: [{ type: 'webhook', url: hook.url }] })),
    });
    expect(created.status).toBe(201);

    // An anchor call (it never ends by itself), recording, with no open violation to begin with.
    const world = server.simulator?.cometchat;
    const call = [...(world?.calls.values() ?? [])].find((c) => c.anchor && c.status === 'ongoing');
    if (!call) throw new Error('the simulator has no ongoing anchor CometChat call');
    const id = call.sessionId;
    await control(`cometchat/calls/${id}`, { hasRecording: true });
    const present = () => call.participants.filter((p) => p.isJoined && p.leftAt === null).map((p) => p.uid);
    while (present().length < 2) await control(`cometchat/calls/${id}`, { join: true });
    const people = present().sort();
    await until(() => assuranceOf(id), (a) => a?.policyId === policy.id && a.violations.every((v) => v.to !== null));
    const before = (await figuresOf(id)).violations.length;

    // Recording stops with them there: past the 2 s grace, a violation opens and the webhook fires.
    const offAt = new Date().toISOString();
    await control(`cometchat/calls/${id}`, { hasRecording: false });
    await eventually(async () => hook.received.some((b) => b.type === 'alert.opened' && b.alert.kind === 'policy.violated' && b.alert.callId === id), 20_000);
    const opened = hook.received.find((b) => b.type === 'alert.opened' && b.alert.callId === id);
    expect(opened?.alert).toMatchObject({ provider: 'cometchat', callId: id, kind: 'policy.violated', resolvedAt: null });

    // Recording back: the stretch closes, and the alert resolves.
    await control(`cometchat/calls/${id}`, { hasRecording: true });
    const recorded = await until(() => figuresOf(id), (a) => a.violations.length > before && a.violations.every((v) => v.to !== null));
    await eventually(async () => hook.received.some((b) => b.type === 'alert.resolved' && b.alert.callId === id), 20_000);

    // The vendor cannot be read for a while: that time is unverified, not unrecorded.
    await control('faults/cometchat', { mode: 'error500' });
    await until(() => figuresOf(id), (a) => a.unverifiedSec > recorded.unverifiedSec + 1);
    await control('faults/cometchat', { mode: 'none' });
    await until(() => figuresOf(id), (a) => a.unverifiedSec > recorded.unverifiedSec && a.recordedSec > recorded.recordedSec);

    await control(`cometchat/calls/${id}`, { end: true });
    const ended = async () => ((await json('/api/calls?status=ended&provider=cometchat&limit=100')) as { data: { calls: { callId: string }[] } }).data.calls.some((c) => c.callId === id);
    await until(ended, (yes) => yes, 20_000);
    const figures = await figuresOf(id);
    const mine = figures.violations.slice(before);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'not_recorded', participants: people });
    expect(Date.parse(mine[0]?.from ?? '')).toBeGreaterThanOrEqual(Date.parse(offAt) - 1000);
    expect(figures).toMatchObject({ policyId: policy.id, verdict: 'violation' });
    expect(figures.unrecordedSec).toBeGreaterThanOrEqual(2);
    expect(figures.unverifiedSec).toBeGreaterThan(recorded.unverifiedSec);
    expect(figures.coverage).toBeCloseTo(figures.recordedSec / figures.occupiedSec, 6);

    // The period report and its CSV carry the same figures for the call.
    const from = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const period = envelopeSchema(assurancePeriodSchema).parse(await json(`/api/assurance?from=${from}&to=${to}&provider=cometchat&verdict=violation&limit=500`)).data;
    const row = period.calls.find((c) => c.callId === id);
    expect(row).toMatchObject({ policyId: policy.id, verdict: 'violation', coverage: figures.coverage, unrecordedSec: figures.unrecordedSec, unverifiedSec: figures.unverifiedSec });
    const csv = await server.get(`/api/assurance.csv?from=${from}&to=${to}&provider=cometchat&verdict=violation`, moderator);
    expect(csv.status).toBe(200);
    const line = (await csv.text()).split('\r\n').find((l) => l.startsWith(`cometchat,${id},`));
    expect(line?.split(',').slice(4)).toEqual([policy.id, 'violation', String(figures.coverage), String(figures.unrecordedSec), String(figures.unverifiedSec)]);
  }, 120_000);
});
