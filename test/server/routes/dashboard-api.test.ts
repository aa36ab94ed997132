import type { ZodType } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callSnapshotSchema } from '../../../src/contract/snapshot';
import { catchUpSchema, identitySchema, providerListSchema, readinessSchema, roomListSchema } from '../../../src/contract/dashboard';
import { envelopeSchema } from '../../../src/contract/envelope';
import { startTestServer, type TestServer } from '../../support/support';
import { rawGet } from '../../support/raw';

let server: TestServer;
let moderator: string;
beforeAll(async () => {
  server = await startTestServer();
  moderator = await server.token({ sub: 'mia', role: 'moderator' });
});
afterAll(async () => {
  await server.close();
});

async function data<T>(res: Response, schema: ZodType<T>): Promise<T> {
  expect(res.status).toBe(200);
  return envelopeSchema(schema).parse(await res.json()).data;
}

// Route-level rules (401/403, scope, envelopes of vendor failures) are in api-routes.test.ts, without ports.
describe('dashboard API for ProCONF', () => {
  it('/api/me returns the verified identity', async () => {
    expect(await data(await server.get('/api/me', moderator), identitySchema)).toEqual({ sub: 'mia', role: 'moderator', rooms: null });
    const participant = await server.token({ sub: 'pat', role: 'participant', rooms: ['standup'] });
    expect(await data(await server.get('/api/me', participant), identitySchema)).toEqual({ sub: 'pat', role: 'participant', rooms: ['standup'] });
  });

  it('/api/providers says ProCONF runs on the simulator and what it can do', async () => {
    const providers = await data(await server.get('/api/providers', moderator), providerListSchema);
    expect(providers.find((p) => p.id === 'proconf')).toEqual({
      id: 'proconf',
      label: 'ProCONF',
      source: 'simulator',
      capabilities: { catchUp: true, recording: true, transcription: true, participants: false, roomListing: true },
      // History is off in this suite: no watcher lists rooms.
      listing: null,
    });
  });

  it('/api/rooms lists the live rooms, and follows a room ending', async () => {
    const listed = await data(await server.get('/api/rooms', moderator), roomListSchema);
    // CometChat's ongoing calls are listed too (test/server/providers/cometchat.test.ts); this test is about ProCONF's.
    const rooms = listed.filter((r) => r.provider === 'proconf');
    expect(rooms.map((r) => r.callId)).toEqual(expect.arrayContaining(['standup', 'design-review', 'all-hands', 'incident-2291']));
    expect(rooms.map((r) => r.callId)).not.toContain('retro-week-46');
    expect(rooms.every((r) => r.state === 'active' && r.startedAt !== null)).toBe(true);
  });

  it('/api/calls/proconf/:room is a CallSnapshot built from sessions-status and meetings', async () => {
    server.simulator?.proconf.set('all-hands', { recording: true, transcription: false });
    const snapshot = await data(await server.get('/api/calls/proconf/all-hands', moderator), callSnapshotSchema);
    expect(snapshot).toMatchObject({
      provider: 'proconf',
      callId: 'all-hands',
      state: 'active',
      media: null,
      recording: 'on',
      transcription: 'off',
      participants: null,
      activeParticipants: null,
      endedAt: null,
      stale: false,
    });
    expect(Date.parse(snapshot.observedAt)).toBeGreaterThan(Date.now() - 5000);
  });

  it('an ended room is ended, with both times', async () => {
    const snapshot = await data(await server.get('/api/calls/proconf/retro-week-46', moderator), callSnapshotSchema);
    expect(snapshot.state).toBe('ended');
    expect(snapshot.startedAt).not.toBeNull();
    expect(snapshot.endedAt).not.toBeNull();
  });

  it('catch-up returns the text and when the BFF first saw it', async () => {
    const first = await data(await server.get('/api/calls/proconf/standup/catch-up', moderator), catchUpSchema);
    expect(first.text.length).toBeGreaterThan(0);
    server.simulator?.proconf.set('standup', { append: 'A new paragraph.' });
    await new Promise((r) => setTimeout(r, 5100)); // catch-up TTL
    const second = await data(await server.get('/api/calls/proconf/standup/catch-up', moderator), catchUpSchema);
    expect(second.text).toBe(`${first.text}\n\nA new paragraph.`);
    expect(Date.parse(second.updatedAt)).toBeGreaterThan(Date.parse(first.updatedAt));
  }, 10_000);

  it.each([
    ['/api/calls/nosuch/standup', 404, 'Not found'],
    ['/api/calls/proconf/..%2Fmeetings', 400, 'Invalid path parameter: callId.'],
    ['/api/calls/proconf/%2e%2e', 400, 'Invalid path parameter: callId.'],
    ['/api/calls/proconf/no-such-room', 404, 'Not found'],
  ])('%s → %i', async (path, status, message) => {
    // Sent byte for byte: fetch would resolve the dot-segments before the server saw them.
    const res = await rawGet(server.url, path, { authorization: `Bearer ${moderator}` });
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body)).toEqual({ data: null, error: { code: status, message } });
  });

  it('/healthz and /readyz answer without a token; readiness lists each upstream', async () => {
    expect(await (await server.get('/healthz')).json()).toEqual({ error: null, data: { status: 'ok' } });
    const ready = await data(await server.get('/readyz'), readinessSchema);
    expect(ready.upstreams).toContainEqual({ provider: 'proconf', source: 'simulator', breaker: 'closed' });
  });
});
