import { beforeAll, describe, expect, it } from 'vitest';
import { roomListSchema } from '../../../src/contract/dashboard';
import { envelopeSchema } from '../../../src/contract/envelope';
import { UpstreamError, type UpstreamFailureKind } from '../../../server/errors';
import { fakeProvider, injectApp, snapshotOf, type InjectedApp } from '../../support/injectApp';

const alice = { id: 'alice', state: 'joined' as const, joinedAt: '2026-11-21T14:00:00.000Z', leftAt: null, muted: false, onHold: null };

const proconf = fakeProvider('proconf', {
  async getSnapshot(callId) {
    if (callId === 'no-such-room') throw new UpstreamError('proconf', 'not_found', 'no session');
    return snapshotOf({ provider: 'proconf', callId }, { participants: [alice], activeParticipants: 1 });
  },
  listRooms: async () =>
    ['standup', 'all-hands'].map((callId) => ({ provider: 'proconf' as const, callId, state: 'active' as const, startedAt: null })),
});

let bff: InjectedApp;
let moderator: string;
beforeAll(async () => {
  bff = await injectApp([proconf]);
  moderator = await bff.token({ sub: 'mia', role: 'moderator' });
});

describe('/api, route by route', () => {
  it('every /api route needs a token', async () => {
    for (const path of ['/api/me', '/api/providers', '/api/rooms', '/api/calls/proconf/standup', '/api/calls/proconf/standup/catch-up']) {
      const res = await bff.get(path);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ data: null, error: { code: 401, message: 'Unauthorized' } });
    }
  });

  it('an unknown path under /api is the 404 envelope, token or not', async () => {
    for (const token of [undefined, moderator]) {
      const res = await bff.get('/api/nothing-here', token);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ data: null, error: { code: 404, message: 'Not found' } });
    }
  });

  it('/api/rooms is for moderators only', async () => {
    const participant = await bff.token({ role: 'participant', rooms: ['standup'] });
    const res = await bff.get('/api/rooms', participant);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ data: null, error: { code: 403, message: 'Forbidden' } });
  });

  it('a participant reads only its rooms, written provider:callId', async () => {
    const participant = await bff.token({ role: 'participant', rooms: ['proconf:design-review'] });
    expect((await bff.get('/api/calls/proconf/design-review', participant)).statusCode).toBe(200);
    expect((await bff.get('/api/calls/proconf/design-review/catch-up', participant)).statusCode).toBe(200);
    expect((await bff.get('/api/calls/proconf/standup', participant)).statusCode).toBe(403);
  });

  it('shows the participants list to moderators only', async () => {
    const participant = await bff.token({ role: 'participant', rooms: ['standup'] });
    expect((await bff.get('/api/calls/proconf/standup', moderator)).json().data.participants).toEqual([alice]);
    expect((await bff.get('/api/calls/proconf/standup', participant)).json().data.participants).toBeNull();
  });

  it('a moderator limited to some rooms sees only those in the listing', async () => {
    const limited = await bff.token({ role: 'moderator', rooms: ['proconf:standup'] });
    const rooms = envelopeSchema(roomListSchema).parse((await bff.get('/api/rooms', limited)).json()).data;
    expect(rooms.map((r) => r.callId)).toEqual(['standup']);
    expect((await bff.get('/api/calls/proconf/all-hands', limited)).statusCode).toBe(403);
  });

  it.each<[UpstreamFailureKind, number, string]>([
    ['bad_request', 400, 'Bad request'],
    ['rate_limited', 429, 'Too many requests'],
    ['auth', 503, 'Upstream unavailable'],
    ['unavailable', 503, 'Upstream unavailable'],
    ['timeout', 504, 'Upstream timed out'],
    ['bad_answer', 502, 'Upstream answered badly'],
  ])('a vendor failing with %s is %i, in our words, never the vendor\'s', async (kind, status, message) => {
    const failing = fakeProvider('tencent', {
      getSnapshot: async () => {
        throw new UpstreamError('tencent', kind, 'vendor says: secret internals', { retryAfterMs: 2500 });
      },
    });
    const app = await injectApp([failing]);
    const res = await app.get('/api/calls/tencent/c1', moderator);
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual({ data: null, error: { code: status, message } });
    expect(res.body).not.toContain('secret internals');
    if (kind === 'rate_limited') expect(res.headers['retry-after']).toBe('3');
  });
});

describe('/api/rooms with watched rooms', () => {
  const watchRooms = [
    { provider: 'tencent' as const, callId: 'c-down' },
    { provider: 'tencent' as const, callId: 'c-up' },
  ];

  it('lists a watched room whose vendor fails as unknown, and leaves out a vendor whose listing fails', async () => {
    const tencent = fakeProvider('tencent', {
      async getSnapshot(callId) {
        if (callId === 'c-down') throw new UpstreamError('tencent', 'unavailable', 'connection refused');
        return snapshotOf({ provider: 'tencent', callId });
      },
    });
    const brokenListing = fakeProvider('cometchat', {
      listRooms: async () => {
        throw new UpstreamError('cometchat', 'timeout', 'no answer');
      },
    });
    const app = await injectApp([tencent, brokenListing], { watchRooms });
    const res = await app.get('/api/rooms', moderator);
    expect(res.statusCode, res.body).toBe(200);
    expect(envelopeSchema(roomListSchema).parse(res.json()).data).toEqual([
      { provider: 'tencent', callId: 'c-down', state: 'unknown', startedAt: null },
      { provider: 'tencent', callId: 'c-up', state: 'active', startedAt: '2026-11-21T14:00:00.000Z' },
    ]);
  });

  it('answers 500 when a provider has a bug, rather than hiding it as an unknown room', async () => {
    const buggy = fakeProvider('tencent', {
      getSnapshot: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'state')");
      },
    });
    const app = await injectApp([buggy], { watchRooms });
    const res = await app.get('/api/rooms', moderator);
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ data: null, error: { code: 500, message: 'Internal server error' } });
  });
});

describe('the ProCONF application-server routes', () => {
  it('need a token, and answer ProCONF’s 500 when this server has no ProCONF', async () => {
    expect((await bff.get('/callStatus?roomName=standup')).json()).toEqual({ data: null, error: { code: 401, message: 'Unauthorized' } });
    const noProconf = await injectApp([fakeProvider('tencent')]);
    for (const path of ['/callStatus?roomName=standup', '/callCatchUp/standup', '/callCatchUp?roomName=standup']) {
      const res = await noProconf.get(path, moderator);
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ data: null, error: { code: 500, message: 'Internal server error' } });
    }
  });
});
