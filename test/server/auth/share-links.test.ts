import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { identitySchema, shareLinkSchema } from '../../../src/contract/dashboard';
import { envelopeSchema } from '../../../src/contract/envelope';
import type { Running } from '../../../server/start';
import { bearer, captureLog, expectError, moderator, participant, signToken, startTestServer } from '../../support/security/server';

let server: Running;
const log = captureLog();
let host: string;

beforeAll(async () => {
  server = await startTestServer({ LOG_LEVEL: 'info' }, log.stream);
  host = new URL(server.url).host;
});
afterAll(async () => {
  await server?.close();
});

/** A same-origin JSON POST as the dashboard page sends it. */
function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return server.app.inject({
    method: 'POST',
    url,
    headers: { host, origin: server.url, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(body),
  });
}

async function mint(token: string, body: unknown = { provider: 'proconf', callId: 'standup' }) {
  const res = await post('/api/share-links', body, bearer(token));
  expect(res.statusCode, res.body).toBe(200);
  const link = envelopeSchema(shareLinkSchema).parse(res.json()).data;
  const url = new URL(link.url);
  const shareToken = new URLSearchParams(url.hash.slice(1)).get('share') ?? '';
  return { link, url, shareToken };
}

describe('POST /api/share-links', () => {
  it('gives a moderator a catch-up link that carries a one-room participant token in the fragment', async () => {
    const before = Date.now();
    const { link, url, shareToken } = await mint(await moderator('alice'), { provider: 'proconf', callId: 'standup', ttlMinutes: 30 });
    expect(url.origin).toBe(server.url);
    expect(url.pathname).toBe('/catch-up/proconf/standup');
    expect(url.search).toBe('');
    const claims = decodeJwt(shareToken);
    expect(claims).toMatchObject({ role: 'participant', rooms: ['proconf:standup'] });
    expect(claims.sub).toMatch(/^share:[A-Za-z0-9_-]{16}$/);
    const expiresAt = Date.parse(link.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * 60_000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 30 * 60_000 + 1000);
    expect((claims.exp ?? 0) * 1000).toBe(expiresAt);
  });

  it('defaults to three hours and refuses more than a day', async () => {
    const { link } = await mint(await moderator());
    expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(179 * 60_000);
    const tooLong = await post('/api/share-links', { provider: 'proconf', callId: 'standup', ttlMinutes: 1441 }, bearer(await moderator()));
    expectError(tooLong, 400);
  });

  it('uses PUBLIC_URL for the link when configured', async () => {
    const other = await startTestServer({ PUBLIC_URL: 'https://roomwatch.example.com/ops/' });
    try {
      const res = await other.app.inject({
        method: 'POST',
        url: '/api/share-links',
        headers: { ...bearer(await moderator()), origin: 'https://roomwatch.example.com', 'content-type': 'application/json' },
        payload: { provider: 'proconf', callId: 'all-hands' },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().data.url).toMatch(/^https:\/\/roomwatch\.example\.com\/ops\/catch-up\/proconf\/all-hands#share=eyJ/);
    } finally {
      await other.close();
    }
  });

  it('refuses participants, moderators of other rooms, bad rooms and unknown providers', async () => {
    const room = { provider: 'proconf', callId: 'standup' };
    expectError(await post('/api/share-links', room, bearer(await participant('p', ['proconf:standup']))), 403);
    expectError(await post('/api/share-links', room, bearer(await moderator('m', ['proconf:all-hands']))), 403);
    expectError(await post('/api/share-links', { provider: 'proconf', callId: '../meetings' }, bearer(await moderator())), 400);
    // Provider ids are an open pattern (a vendor is a module): a well-formed unknown one is not found, a malformed one bad.
    expectError(await post('/api/share-links', { provider: 'skype', callId: 'standup' }, bearer(await moderator())), 404);
    expectError(await post('/api/share-links', { provider: 'Sky pe', callId: 'standup' }, bearer(await moderator())), 400);
    expectError(await post('/api/share-links', room), 401);
  });

  it('refuses other sites and non-JSON bodies', async () => {
    const token = await moderator();
    const room = { provider: 'proconf', callId: 'standup' };
    expectError(await post('/api/share-links', room, { ...bearer(token), origin: 'https://evil.example' }), 403);
    expectError(await post('/api/share-links', room, { ...bearer(token), 'sec-fetch-site': 'cross-site' }), 403);
    expectError(await post('/api/share-links', room, { ...bearer(token), 'sec-fetch-site': 'same-site' }), 403);
    expectError(await post('/api/share-links', room, { ...bearer(token), 'content-type': 'text/plain' }), 415);
    expectError(await post('/api/share-links', room, { ...bearer(token), 'content-type': 'application/x-www-form-urlencoded' }), 415);
  });

  it('logs who minted which room until when, never the token', async () => {
    const { shareToken, link } = await mint(await moderator('carol'), { provider: 'proconf', callId: 'incident-2291' });
    const lines = log.text().split('\n').filter((line) => line.includes('share link minted'));
    const entry = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((e) => e.room === 'proconf:incident-2291');
    expect(entry).toMatchObject({ by: 'carol', expiresAt: link.expiresAt });
    expect(log.text()).not.toContain(shareToken);
    expect(log.text()).not.toContain(shareToken.split('.')[2]);
  });
});

describe('share links across a restart in JWKS mode', () => {
  // The identity provider's JWKS is never fetched here: the BFF's own tokens are HS256 and local.
  const jwks = { AUTH_JWT_SECRET: '', AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json' };
  const sessionSecret = 'session-secret-for-restart-test-0123456789';

  async function mintOn(env: Record<string, string>): Promise<string> {
    const before = await startTestServer(env);
    try {
      const res = await before.app.inject({
        method: 'POST',
        url: '/api/share-links',
        headers: { ...bearer(await signToken({ sub: 'm', role: 'moderator' }, { secret: sessionSecret })), 'content-type': 'application/json' },
        payload: { provider: 'proconf', callId: 'standup' },
      });
      expect(res.statusCode, res.body).toBe(200);
      return new URL(res.json().data.url).hash.replace('#share=', '');
    } finally {
      await before.close();
    }
  }

  it('survive a restart with SESSION_SECRET', async () => {
    const shareToken = await mintOn({ ...jwks, SESSION_SECRET: sessionSecret });
    const after = await startTestServer({ ...jwks, SESSION_SECRET: sessionSecret });
    try {
      expect((await after.app.inject({ url: '/api/me', headers: bearer(shareToken) })).statusCode).toBe(200);
    } finally {
      await after.close();
    }
  });

  it('die at a restart without it (a random secret per start)', async () => {
    const after = await startTestServer(jwks);
    try {
      // The moderator token signed with the would-be secret does not verify either: the secret is random.
      expectError(await after.app.inject({ url: '/api/me', headers: bearer(await signToken({ sub: 'm', role: 'moderator' }, { secret: sessionSecret })) }), 401);
      const shareToken = await mintOn({ ...jwks, SESSION_SECRET: sessionSecret });
      expectError(await after.app.inject({ url: '/api/me', headers: bearer(shareToken) }), 401);
    } finally {
      await after.close();
    }
  });
});

describe('a share token', () => {
  let shareToken: string;
  beforeAll(async () => {
    ({ shareToken } = await mint(await moderator(), { provider: 'proconf', callId: 'standup' }));
  });
  const get = (url: string, token: string) => server.app.inject({ url, headers: bearer(token) });

  it('reads its own room, without the participants list', async () => {
    const snapshot = await get('/api/calls/proconf/standup', shareToken);
    expect(snapshot.statusCode, snapshot.body).toBe(200);
    expect(snapshot.json().data.participants).toBeNull();
    expect((await get('/api/calls/proconf/standup/catch-up', shareToken)).statusCode).toBe(200);
    expect((await get('/callStatus?roomName=standup', shareToken)).statusCode).toBe(200);
    expect((await get('/callCatchUp/standup', shareToken)).statusCode).toBe(200);
  });

  it('cannot read another room, the room listing, or mint links', async () => {
    expectError(await get('/api/calls/proconf/all-hands', shareToken), 403);
    expectError(await get('/api/calls/proconf/all-hands/catch-up', shareToken), 403);
    expectError(await get('/callStatus?roomName=all-hands', shareToken), 403);
    expectError(await get('/callCatchUp/all-hands', shareToken), 403);
    expectError(await get('/api/rooms', shareToken), 403);
    expectError(await post('/api/share-links', { provider: 'proconf', callId: 'standup' }, bearer(shareToken)), 403);
  });
});

describe('POST /auth/session', () => {
  it('trades a share token for an HttpOnly SameSite=Strict cookie that lasts as long as the token', async () => {
    const { shareToken, link } = await mint(await moderator(), { provider: 'proconf', callId: 'standup', ttlMinutes: 60 });
    const res = await post('/auth/session', { token: shareToken });
    expect(res.statusCode, res.body).toBe(200);
    const identity = envelopeSchema(identitySchema).parse(res.json()).data;
    expect(identity).toMatchObject({ role: 'participant', rooms: ['proconf:standup'] });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^roomwatch_session=eyJ/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)?.[1]);
    expect(Math.abs(maxAge - (Date.parse(link.expiresAt) - Date.now()) / 1000)).toBeLessThan(3);
    expect(res.headers['cache-control']).toBe('no-store');

    const session = cookie.split(';')[0] ?? '';
    const me = await server.app.inject({ url: '/api/me', headers: { cookie: session } });
    expect(me.json().data).toEqual(identity);
    expectError(await server.app.inject({ url: '/api/calls/proconf/all-hands', headers: { cookie: session } }), 403);
  });

  it('answers 401 and sets no cookie for a bad token', async () => {
    for (const token of ['nope', `${(await moderator()).slice(0, -3)}abc`, await moderator('x').then((t) => t.replace(/\.[^.]+$/, '.'))]) {
      const res = await post('/auth/session', { token });
      expectError(res, 401);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expectError(await post('/auth/session', { nottoken: 1 }), 401);
  });

  it('needs same-origin and JSON', async () => {
    const token = await moderator();
    expectError(await post('/auth/session', { token }, { origin: 'https://evil.example' }), 403);
    expectError(await post('/auth/session', { token }, { 'content-type': 'text/plain' }), 415);
  });

  it('sets Secure over https: X-Forwarded-Proto counts only with TRUST_PROXY', async () => {
    const token = await moderator();
    const forwarded = { 'x-forwarded-proto': 'https', origin: `https://${host}` };
    const untrusted = await post('/auth/session', { token }, { ...forwarded, origin: server.url });
    expect(String(untrusted.headers['set-cookie'])).not.toMatch(/Secure/);

    const proxied = await startTestServer({ TRUST_PROXY: 'on' });
    try {
      const res = await proxied.app.inject({
        method: 'POST',
        url: '/auth/session',
        headers: { host, ...forwarded, 'content-type': 'application/json' },
        payload: { token },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(String(res.headers['set-cookie'])).toMatch(/; Secure/);
    } finally {
      await proxied.close();
    }
    const forced = await startTestServer({ SESSION_COOKIE_SECURE: 'on' });
    try {
      const res = await forced.app.inject({ method: 'POST', url: '/auth/session', headers: { 'content-type': 'application/json' }, payload: { token } });
      expect(String(res.headers['set-cookie'])).toMatch(/; Secure/);
    } finally {
      await forced.close();
    }
  });
});

describe('POST /auth/sign-out', () => {
  it('clears the cookie for a same-origin JSON request, even with an empty body', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/auth/sign-out',
      headers: { host, origin: server.url, 'content-type': 'application/json' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/^roomwatch_session=;.*Expires=Thu, 01 Jan 1970/);
  });

  it('refuses a cross-site form post', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/auth/sign-out',
      headers: { host, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a=1',
    });
    expectError(res, 403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
