import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assurancePeriodSchema,
  callAssuranceSchema,
  recordingPolicySchema,
  type RecordingPolicy,
} from '../../../src/contract/assurance';
import { envelopeSchema, type NewRoomEvent } from '../../../src/contract';
import { foldEvents } from '../../../server/history/fold';
import { callRecord } from '../../../server/history/record';
import { closableHistory, sqliteDatabase } from '../../support/databaseStores';
import { historyEnv, startTestServer, type TestServer } from '../../support/support';

type Body = NewRoomEvent extends infer E ? (E extends unknown ? Omit<E, 'at' | 'observedAt'> : never) : never;

/**
 * Recording assurance over real HTTP. A call's history is scripted into the store (days
 * ago, so no test waits 90 real seconds): recording off for 90 s while two people are present.
 */
describe('recording assurance API', () => {
  const dirs = historyEnv({ WATCH_INTERVAL_MS: '300', RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_IP_PER_MIN: '0' });
  let server: TestServer;
  let moderator: string;
  let policy: RecordingPolicy;
  const T = Date.now() - 3 * 86_400_000;
  const iso = (sec: number) => new Date(T + sec * 1000).toISOString();
  const room = { provider: 'cometchat', callId: 'assured-standup' };
  const other = { provider: 'cometchat', callId: 'zz-unmatched' };

  async function script(target: { provider: string; callId: string }, steps: [number, Body][]): Promise<void> {
    const events = steps.map(([sec, body]) => ({ ...body, at: iso(sec), observedAt: iso(sec) }) as NewRoomEvent);
    const store = closableHistory(await sqliteDatabase(dirs.dataDir));
    const numbered = events.map((e, i) => ({ ...e, seq: i + 1 }));
    await store.write({ room: target, events, record: callRecord(target, foldEvents(numbered), iso(200), T + 200_000), lastSnapshot: null, afterSeq: 0 });
    await store.close();
  }
  const call = (): [number, Body][] => [
    [0, { kind: 'watch.started', state: 'active', recording: 'on', transcription: 'off', activeParticipants: 0, startedAt: iso(0) }],
    [0, { kind: 'participant.joined', participantId: 'ann', name: 'Ann' }],
    [10, { kind: 'participant.joined', participantId: 'bob', name: 'Bob' }],
    [30, { kind: 'recording', from: 'on', to: 'off' }],
    [120, { kind: 'recording', from: 'off', to: 'on' }],
    [150, { kind: 'participant.left', participantId: 'bob', name: 'Bob' }],
    [200, { kind: 'participant.left', participantId: 'ann', name: 'Ann' }],
    [200, { kind: 'state', from: 'active', to: 'ended' }],
    [200, { kind: 'watch.stopped', reason: 'ended' }],
  ];

  beforeAll(async () => {
    server = await startTestServer(dirs.env);
    moderator = await server.token({ role: 'moderator' });
  });
  afterAll(async () => {
    await server.close();
    dirs.cleanup();
  });

  const send = (method: string, path: string, body?: unknown, token = moderator) =>
    server.get(path, token, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });

  it('moderators create, edit and delete recording policies; participants get 403', async () => {
    const created = await send('POST', '/api/recording-policies', {
      name: 'Stand-ups are recorded',
      enabled: true,
      match: { provider: 'cometchat', callId: 'assured-*' },
      require: { recording: true, transcription: false },
      graceSec: 30,
    });
    expect(created.status).toBe(201);
    policy = envelopeSchema(recordingPolicySchema).parse(await created.json()).data;
    expect(policy).toMatchObject({ graceSec: 30, retainDays: 2557 });
    const participant = await server.token({ role: 'participant', rooms: ['cometchat:assured-standup'] });
    expect((await server.get('/api/recording-policies', participant)).status).toBe(403);
    expect((await send('POST', '/api/recording-policies', { name: 'x' })).status).toBe(400);
    const scratch = envelopeSchema(recordingPolicySchema).parse(
      await (await send('POST', '/api/recording-policies', { ...policy, id: undefined, createdAt: undefined, name: 'scratch', match: {} })).json(),
    ).data;
    const patched = await send('PATCH', `/api/recording-policies/${scratch.id}`, { enabled: false });
    expect(envelopeSchema(recordingPolicySchema).parse(await patched.json()).data.enabled).toBe(false);
    expect((await send('DELETE', `/api/recording-policies/${scratch.id}`, {})).status).toBe(200);
    expect((await send('DELETE', `/api/recording-policies/${scratch.id}`, {})).status).toBe(404);
  });

  it('a call recorded but for 90 s with two people present: exact figures, one violation naming both', async () => {
    await script(room, call());
    const response = await server.get(`/api/calls/${room.provider}/${room.callId}/assurance`, moderator);
    expect(response.status).toBe(200);
    const a = envelopeSchema(callAssuranceSchema).parse(await response.json()).data;
    expect(a).toEqual({
      policyId: policy.id,
      occupiedSec: 200,
      recordedSec: 110,
      unrecordedSec: 90,
      unverifiedSec: 0,
      coverage: 0.55,
      verdict: 'violation',
      violations: [{ from: iso(30), to: iso(120), kind: 'not_recorded', participants: ['ann', 'bob'] }],
      unverifiedIntervals: [],
    });
  });

  it('editing the policy later changes no past call', async () => {
    await send('PATCH', `/api/recording-policies/${policy.id}`, { graceSec: 600 });
    const a = envelopeSchema(callAssuranceSchema).parse(await (await server.get(`/api/calls/${room.provider}/${room.callId}/assurance`, moderator)).json()).data;
    expect(a.verdict).toBe('violation');
  });

  it('the period report lists every call worst first, totals count governed calls only, and the CSV has the same rows', async () => {
    await script(other, call());
    const from = new Date(T - 3600_000).toISOString();
    const to = new Date(T + 3600_000).toISOString();
    const response = await server.get(`/api/assurance?from=${from}&to=${to}&provider=cometchat`, moderator);
    expect(response.status).toBe(200);
    const period = envelopeSchema(assurancePeriodSchema).parse(await response.json()).data;
    expect(period.calls.map((c) => [c.callId, c.verdict])).toEqual([
      ['assured-standup', 'violation'],
      ['zz-unmatched', 'not_required'],
    ]);
    expect(period.totals).toEqual({ calls: 1, occupiedSec: 200, recordedSec: 110, unrecordedSec: 90, unverifiedSec: 0, coverage: 0.55, violations: 1 });
    expect(period.nextCursor).toBeNull();

    const paged = envelopeSchema(assurancePeriodSchema).parse(await (await server.get(`/api/assurance?from=${from}&to=${to}&provider=cometchat&limit=1`, moderator)).json()).data;
    expect(paged.calls).toHaveLength(1);
    const next = envelopeSchema(assurancePeriodSchema).parse(
      await (await server.get(`/api/assurance?from=${from}&to=${to}&provider=cometchat&limit=1&cursor=${paged.nextCursor ?? ''}`, moderator)).json(),
    ).data;
    expect(next.calls.map((c) => c.callId)).toEqual(['zz-unmatched']);

    const filtered = envelopeSchema(assurancePeriodSchema).parse(await (await server.get(`/api/assurance?from=${from}&to=${to}&verdict=violation`, moderator)).json()).data;
    expect(filtered.calls.map((c) => c.callId)).toEqual(['assured-standup']);

    const csv = await server.get(`/api/assurance.csv?from=${from}&to=${to}&provider=cometchat`, moderator);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\r\n')).toEqual([
      'provider,callId,startedAt,endedAt,policyId,verdict,coverage,unrecordedSec,unverifiedSec',
      `cometchat,assured-standup,${iso(0)},${iso(200)},${policy.id},violation,0.55,90,0`,
      `cometchat,zz-unmatched,${iso(0)},${iso(200)},,not_required,0.55,90,0`,
      '',
    ]);
  });

  it('refuses a period without from/to, longer than 366 days, or a bad limit', async () => {
    const from = new Date(T).toISOString();
    for (const query of ['', `from=${from}`, `from=${from}&to=${new Date(T + 367 * 86_400_000).toISOString()}`, `from=${from}&to=${new Date(T + 1000).toISOString()}&limit=501`]) {
      expect((await server.get(`/api/assurance?${query}`, moderator)).status, query).toBe(400);
    }
    const participant = await server.token({ role: 'participant', rooms: ['cometchat:assured-standup'] });
    expect((await server.get(`/api/assurance?from=${from}&to=${new Date(T + 1000).toISOString()}`, participant)).status).toBe(403);
  });
});
