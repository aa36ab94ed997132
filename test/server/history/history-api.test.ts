import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callReportSchema,
  callsPageSchema,
  digestSchema,
  envelopeSchema,
  historyPageSchema,
  readinessSchema,
  type RoomEvent,
} from '../../../src/contract';
import { historyEnv, startTestServer, type TestServer } from '../../support/support';
import { eventually } from '../../support/upstreamHarness';

/**
 * The history routes over real loopback HTTP: the BFF watches the simulator's rooms on its own,
 * and what changes at the vendor becomes history, a report, a CSV and a digest.
 */
describe('room history API', () => {
  const dirs = historyEnv({ WATCH_INTERVAL_MS: '300', RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_IP_PER_MIN: '0' });
  let server: TestServer;
  let moderator: string;
  let room: string;

  beforeAll(async () => {
    server = await startTestServer(dirs.env);
    moderator = await server.token({ role: 'moderator' });
    room = server.simulator?.proconf.live()[0]?.name ?? '';
    if (!room) throw new Error('the simulator has no live ProCONF room');
  });
  afterAll(async () => {
    await server.close();
    dirs.cleanup();
  });

  const history = async (path: string, token = moderator) => {
    const response = await server.get(path, token);
    return { status: response.status, body: (await response.json()) as unknown };
  };
  const events = async (token = moderator): Promise<RoomEvent[]> => {
    const { body } = await history(`/api/calls/proconf/${room}/history?limit=500`, token);
    return envelopeSchema(historyPageSchema).parse(body).data.events;
  };

  it('starts watching listed rooms by itself and records a recording change made at the vendor', async () => {
    await eventually(async () => (await events()).some((e) => e.kind === 'watch.started'), 8000);
    const baseline = (await events()).find((e) => e.kind === 'watch.started');
    if (baseline?.kind !== 'watch.started') throw new Error('no baseline');
    const to = baseline.recording === 'on' ? 'off' : 'on';
    server.simulator?.proconf.set(room, { recording: to === 'on' });
    await eventually(async () => (await events()).some((e) => e.kind === 'recording' && e.to === to), 8000);
    const all = await events();
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
  });

  it('pages with after and limit, and says when there is no more', async () => {
    const all = await events();
    const first = envelopeSchema(historyPageSchema).parse((await history(`/api/calls/proconf/${room}/history?limit=1`)).body).data;
    expect(first.events.map((e) => e.seq)).toEqual([1]);
    expect(first.nextAfter).toBe(1);
    const rest = envelopeSchema(historyPageSchema).parse((await history(`/api/calls/proconf/${room}/history?after=1&limit=500`)).body).data;
    expect(rest.events.length).toBe(all.length - 1);
    expect(rest.nextAfter).toBeNull();
    expect(first.watchedSince).not.toBeNull();
  });

  it('refuses bad query parameters with 400 in the envelope', async () => {
    for (const query of ['limit=0', 'limit=501', 'limit=-3', 'after=x', 'surprise=1']) {
      const { status, body } = await history(`/api/calls/proconf/${room}/history?${query}`);
      expect(status, query).toBe(400);
      expect(body).toMatchObject({ data: null, error: { code: 400 } });
    }
    for (const query of ['status=sometimes', 'cursor=not-a-cursor', 'limit=100000']) {
      const { status } = await history(`/api/calls?${query}`);
      expect(status, query).toBe(400);
    }
  });

  it('lists the watched calls, filtered and searched', async () => {
    const page = envelopeSchema(callsPageSchema).parse((await history('/api/calls?status=live&provider=proconf')).body).data;
    expect(page.calls.some((call) => call.callId === room && call.provider === 'proconf')).toBe(true);
    expect(page.calls.every((call) => call.provider === 'proconf' && call.state !== 'ended')).toBe(true);
    const searched = envelopeSchema(callsPageSchema).parse((await history(`/api/calls?q=${room.slice(1, 5).toUpperCase()}`)).body).data;
    expect(searched.calls.map((call) => call.callId)).toContain(room);
    const none = envelopeSchema(callsPageSchema).parse((await history('/api/calls?q=no-such-call-anywhere')).body).data;
    expect(none).toEqual({ calls: [], nextCursor: null });
  });

  it('reports recording time as JSON and CSV', async () => {
    const report = envelopeSchema(callReportSchema).parse((await history(`/api/calls/proconf/${room}/report`)).body).data;
    expect(report.call.callId).toBe(room);
    expect(report.recording.length).toBeGreaterThan(0);
    const csv = await server.get(`/api/calls/proconf/${room}/report.csv`, moderator);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain(`roomwatch-proconf-${room}.csv`);
    expect((await csv.text()).split('\r\n')[0]).toMatch(/participant/i);
  });

  it('gives a share-link reader the digest and history of their room, without people, and never the report or calls list', async () => {
    const participant = await server.token({ role: 'participant', rooms: [room] });
    const digest = envelopeSchema(digestSchema).parse((await history(`/api/calls/proconf/${room}/digest`, participant)).body).data;
    expect(digest.watchedSince).not.toBeNull();
    expect(digest.recent.every((e) => !e.kind.startsWith('participant.'))).toBe(true);
    expect((await events(participant)).every((e) => !e.kind.startsWith('participant.'))).toBe(true);
    expect((await history(`/api/calls/proconf/${room}/report`, participant)).status).toBe(403);
    expect((await history(`/api/calls/proconf/${room}/report.csv`, participant)).status).toBe(403);
    expect((await history('/api/calls', participant)).status).toBe(403);
    const other = server.simulator?.proconf.live()[1]?.name ?? 'other-room';
    expect((await history(`/api/calls/proconf/${other}/digest`, participant)).status).toBe(403);
  });

  it('says in /readyz that the store answers and how many rooms are watched', async () => {
    const ready = envelopeSchema(readinessSchema).parse(await (await server.get('/readyz')).json()).data;
    expect(ready.history.store).toBe('ok');
    expect(ready.history.watching).toBeGreaterThan(0);
  });
});

describe('room history off', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ HISTORY: 'off' });
  });
  afterAll(() => server.close());

  it('answers 404 with a clear message on the history routes and off in /readyz', async () => {
    const token = await server.token({ role: 'moderator' });
    const response = await server.get('/api/calls/proconf/standup/history', token);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ data: null, error: { code: 404, message: 'Room history is off on this server.' } });
    const ready = envelopeSchema(readinessSchema).parse(await (await server.get('/readyz')).json()).data;
    expect(ready.history.store).toBe('off');
  });
});
