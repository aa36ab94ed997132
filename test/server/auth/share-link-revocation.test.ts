import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeShareLinkListSchema, shareLinkSchema } from '../../../src/contract/dashboard';
import { envelopeSchema } from '../../../src/contract/envelope';
import type { Running } from '../../../server/start';
import { historyEnv } from '../../support/support';
import { bearer, expectError, moderator, signToken, startTestServer } from '../../support/security/server';

const sessionSecret = 'share-link-revocation-secret-0123456789abcdef';

function client(server: Running) {
  const host = new URL(server.url).host;
  const browser = { host, origin: server.url, 'sec-fetch-site': 'same-origin' };
  return {
    post: (url: string, body: unknown, headers: Record<string, string> = {}) =>
      server.app.inject({ method: 'POST', url, headers: { ...browser, 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) }),
    del: (url: string, headers: Record<string, string> = {}) => server.app.inject({ method: 'DELETE', url, headers: { ...browser, ...headers } }),
    get: (url: string, headers: Record<string, string> = {}) => server.app.inject({ url, headers }),
  };
}

async function mint(server: Running, token: string, callId = 'standup') {
  const res = await client(server).post('/api/share-links', { provider: 'proconf', callId }, bearer(token));
  expect(res.statusCode, res.body).toBe(200);
  const link = envelopeSchema(shareLinkSchema).parse(res.json()).data;
  return { id: link.id, expiresAt: link.expiresAt, shareToken: new URL(link.url).hash.replace('#share=', '') };
}

async function sessionCookie(server: Running, shareToken: string): Promise<string> {
  const res = await client(server).post('/auth/session', { token: shareToken });
  expect(res.statusCode, res.body).toBe(200);
  return String(res.headers['set-cookie']).split(';')[0] ?? '';
}

async function listed(server: Running, token: string) {
  const res = await client(server).get('/api/share-links', bearer(token));
  expect(res.statusCode, res.body).toBe(200);
  return envelopeSchema(activeShareLinkListSchema).parse(res.json()).data;
}

describe('share links you can take back (HISTORY=off: kept in memory)', () => {
  let server: Running;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists the links of the rooms a moderator may read, with who minted them and until when', async () => {
    const standup = await mint(server, await moderator('alice'), 'standup');
    const allHands = await mint(server, await moderator('bob'), 'all-hands');
    const everything = await listed(server, await moderator('carol'));
    expect(everything).toContainEqual(expect.objectContaining({ id: standup.id, provider: 'proconf', callId: 'standup', mintedBy: 'alice', expiresAt: standup.expiresAt }));
    expect(everything.map((l) => l.id)).toContain(allHands.id);
    const onlyStandup = await listed(server, await moderator('dave', ['proconf:standup']));
    expect(onlyStandup.map((l) => l.id)).toContain(standup.id);
    expect(onlyStandup.map((l) => l.id)).not.toContain(allHands.id);
    expect(JSON.stringify(everything)).not.toContain(standup.shareToken);
    // A link's own token is a participant's: it cannot list links.
    expectError(await client(server).get('/api/share-links', bearer(standup.shareToken)), 403);
  });

  it('revokes at once: the exchange, the bearer token and an existing session cookie are refused', async () => {
    const mod = await moderator('alice');
    const { id, shareToken } = await mint(server, mod);
    const cookie = await sessionCookie(server, shareToken);
    expect((await client(server).get('/api/calls/proconf/standup', { cookie })).statusCode).toBe(200);

    const res = await client(server).del(`/api/share-links/${id}`, bearer(mod));
    expect(res.statusCode, res.body).toBe(204);

    expectError(await client(server).get('/api/calls/proconf/standup', { cookie }), 401);
    expectError(await client(server).get('/api/calls/proconf/standup', bearer(shareToken)), 401);
    expectError(await client(server).get('/callStatus?roomName=standup', bearer(shareToken)), 401);
    expectError(await client(server).post('/auth/session', { token: shareToken }), 401);
    expect((await listed(server, mod)).map((l) => l.id)).not.toContain(id);
    // Other links are untouched.
    const other = await mint(server, mod);
    expect((await client(server).get('/api/calls/proconf/standup', bearer(other.shareToken))).statusCode).toBe(200);
  });

  it('answers 400 for a malformed id, 404 for an unknown, revoked again or other room’s link', async () => {
    const mod = await moderator('alice');
    for (const bad of ['x', 'a'.repeat(17), '..%2F..%2Fetc', '%00aaaaaaaaaaaaaaa', 'aaaaaaaa%20aaaaaaa']) {
      expectError(await client(server).del(`/api/share-links/${bad}`, bearer(mod)), 400);
    }
    expectError(await client(server).del('/api/share-links/AAAAAAAAAAAAAAAA', bearer(mod)), 404);
    const { id } = await mint(server, mod, 'all-hands');
    expectError(await client(server).del(`/api/share-links/${id}`, bearer(await moderator('m', ['proconf:standup']))), 404);
    expect((await client(server).del(`/api/share-links/${id}`, bearer(mod))).statusCode).toBe(204);
    expectError(await client(server).del(`/api/share-links/${id}`, bearer(mod)), 404);
  });

  it('refuses a revoke from another site, from a participant, or without sign-in', async () => {
    const mod = await moderator('alice');
    const { id, shareToken } = await mint(server, mod);
    expectError(await client(server).del(`/api/share-links/${id}`, { ...bearer(mod), origin: 'https://evil.example' }), 403);
    expectError(await client(server).del(`/api/share-links/${id}`, { ...bearer(mod), 'sec-fetch-site': 'cross-site' }), 403);
    expectError(await client(server).del(`/api/share-links/${id}`, bearer(shareToken)), 403);
    expectError(await client(server).del(`/api/share-links/${id}`), 401);
    expect((await client(server).get('/api/calls/proconf/standup', bearer(shareToken))).statusCode).toBe(200);
  });
});

describe('a revocation across a restart on the same DATA_DIR', () => {
  it('is still refused, and the link is no longer listed', async () => {
    const history = historyEnv({ SESSION_SECRET: sessionSecret, AUTH_JWT_SECRET: '', AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json' });
    const modToken = () => moderatorWith(sessionSecret);
    try {
      const first = await startTestServer(history.env);
      let revoked: Awaited<ReturnType<typeof mint>>;
      let kept: Awaited<ReturnType<typeof mint>>;
      let cookie: string;
      try {
        revoked = await mint(first, await modToken());
        kept = await mint(first, await modToken());
        cookie = await sessionCookie(first, revoked.shareToken);
        expect((await client(first).del(`/api/share-links/${revoked.id}`, bearer(await modToken()))).statusCode).toBe(204);
      } finally {
        await first.close();
      }
      const second = await startTestServer(history.env);
      try {
        expectError(await client(second).get('/api/calls/proconf/standup', { cookie }), 401);
        expectError(await client(second).post('/auth/session', { token: revoked.shareToken }), 401);
        expect((await client(second).get('/api/calls/proconf/standup', bearer(kept.shareToken))).statusCode).toBe(200);
        const ids = (await listed(second, await modToken())).map((l) => l.id);
        expect(ids).toContain(kept.id);
        expect(ids).not.toContain(revoked.id);
      } finally {
        await second.close();
      }
    } finally {
      history.cleanup();
    }
  });
});

function moderatorWith(secret: string): Promise<string> {
  return signToken({ sub: 'restart-mod', role: 'moderator' }, { secret });
}
