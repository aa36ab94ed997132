import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallSnapshot } from '../../../src/contract/snapshot';
import { fakeProvider, injectApp, snapshotOf, type InjectedApp } from '../../support/injectApp';

/**
 * Routes declare their input and output (server/routes/schemas.ts): every bad parameter on /api
 * gets the one 400 wording of docs/http-api.md, after the sign-in and role checks, naming the
 * field and never echoing its value; answers are held to their declared contract.
 */
let h: InjectedApp;
let moderator: string;
let participant: string;

const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  const withStrayField = fakeProvider('bandwidth', {
    getSnapshot: async (callId) => ({ ...snapshotOf({ provider: 'bandwidth', callId }), vendorSecret: 'x' }) as CallSnapshot,
  });
  const broken = fakeProvider('tencent', {
    getSnapshot: async (callId) => ({ ...snapshotOf({ provider: 'tencent', callId }), state: 'exploded' }) as unknown as CallSnapshot,
  });
  h = await injectApp([fakeProvider('proconf'), withStrayField, broken], {
    env: { RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_IP_PER_MIN: '0' },
  });
  moderator = await h.token({ role: 'moderator' });
  participant = await h.token({ role: 'participant', rooms: ['proconf:standup'] });
});

afterAll(async () => {
  await h.app.close();
});

function errorOf(res: { statusCode: number; json<T>(): T }) {
  return { status: res.statusCode, body: res.json<unknown>() };
}

function expected(status: number, message: string) {
  return { status, body: { data: null, error: { code: status, message } } };
}

describe('bad parameters on /api', () => {
  it.each([
    ['/api/calls/proconf/..%2Fmeetings', 'Invalid path parameter: callId.'],
    ['/api/calls/proconf/-dash/history', 'Invalid path parameter: callId.'],
    ['/api/calls/proconf/standup/history?limit=0', 'Invalid query parameter: limit.'],
    ['/api/calls/proconf/standup/history?after=x&limit=501', 'Invalid query parameter: after, limit.'],
    ['/api/calls/proconf/standup/history?surprise=1', 'Invalid query parameter: surprise.'],
    ['/api/calls?status=sometimes', 'Invalid query parameter: status.'],
    ['/api/alerts?state=everything', 'Invalid query parameter: state.'],
  ])('GET %s → 400 %s', async (url, message) => {
    expect(errorOf(await h.get(url, moderator))).toEqual(expected(400, message));
  });

  it('bodies get the same wording, naming the fields and never their values', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/share-links',
      headers: { ...json, authorization: `Bearer ${moderator}` },
      payload: { provider: '<script>x</script>', callId: 'standup', ttlMinutes: 'forever' },
    });
    expect(errorOf(res)).toEqual(expected(400, 'Invalid body: provider, ttlMinutes.'));
    expect(res.body).not.toContain('script');
    const empty = await h.app.inject({ method: 'POST', url: '/api/share-links', headers: { ...json, authorization: `Bearer ${moderator}` } });
    expect(errorOf(empty)).toEqual(expected(400, 'Invalid body.'));
  });

  it('a share-link id that cannot be one is a bad path parameter', async () => {
    const res = await h.app.inject({ method: 'DELETE', url: '/api/share-links/nope', headers: { authorization: `Bearer ${moderator}` } });
    expect(errorOf(res)).toEqual(expected(400, 'Invalid path parameter: id.'));
  });

  it('a path parameter that names something to look up is 404 when it cannot name anything', async () => {
    expect(errorOf(await h.get('/api/calls/Not-A-Provider!/standup', moderator))).toEqual(expected(404, 'Not found'));
    expect(errorOf(await h.get('/api/calls/nosuch/standup', moderator))).toEqual(expected(404, 'Not found'));
    const rule = await h.app.inject({ method: 'POST', url: '/api/alert-rules/..%2F/test', headers: { ...json, authorization: `Bearer ${moderator}` }, payload: {} });
    expect(errorOf(rule)).toEqual(expected(404, 'No such alert rule.'));
  });
});

describe('order of checks', () => {
  it('without a token every request is the same 401, whatever its parameters', async () => {
    for (const url of ['/api/calls/proconf/..%2Fx', '/api/calls?limit=0', '/api/alerts?state=x', '/api/calls/Bad!/x']) {
      expect(errorOf(await h.get(url)), url).toEqual(expected(401, 'Unauthorized'));
    }
  });

  it("a participant hears 403 on a moderator's route before its parameters are looked at", async () => {
    expect(errorOf(await h.get('/api/calls?limit=0', participant))).toEqual(expected(403, 'Forbidden'));
    expect(errorOf(await h.get('/api/alerts?state=x', participant))).toEqual(expected(403, 'Forbidden'));
    const mint = await h.app.inject({
      method: 'POST',
      url: '/api/share-links',
      headers: { ...json, authorization: `Bearer ${participant}` },
      payload: { provider: 1 },
    });
    expect(errorOf(mint)).toEqual(expected(403, 'Forbidden'));
  });

  it('a token that is not a token stays a 401 at the session exchange, not a 400', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/auth/session', headers: json, payload: { nottoken: 1 } });
    expect(errorOf(res)).toEqual(expected(401, 'Unauthorized'));
  });
});

describe('declared answers', () => {
  it('a field outside the contract never reaches the client', async () => {
    const res = await h.get('/api/calls/bandwidth/room-1', moderator);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('vendorSecret');
  });

  it('an answer outside the contract is a 500 in our words', async () => {
    expect(errorOf(await h.get('/api/calls/tencent/room-1', moderator))).toEqual(expected(500, 'Internal server error'));
  });
});
