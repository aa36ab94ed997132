import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPageSchema, envelopeSchema, identitySchema, readinessSchema, signedOutSchema, signInOptionsSchema } from '../../../src/contract';
import { loadConfig } from '../../../server/config';
import { startRoomwatch, type Running } from '../../../server/start';
import { freePort } from '../../support/redisServer';
import { oidcEnv, signInAtIdp, startTestIdp, TEST_CLIENT_ID, type TestIdp } from '../../support/oidcProvider';
import { captureLog, signToken, testConfig } from '../../support/security/server';
import { eventually } from '../../support/upstreamHarness';

const OTHER_CLIENT = { clientId: 'another-app', clientSecret: 'another-app-secret-0123456789abcdef' };
let idp: TestIdp;
let server: Running;
let bff: string;
const log = captureLog();

beforeAll(async () => {
  const port = await freePort();
  bff = `http://127.0.0.1:${port}`;
  idp = await startTestIdp({ redirectUris: [`${bff}/auth/callback`], postLogoutRedirectUris: [`${bff}/signin`], extraClients: [OTHER_CLIENT] });
  // No rate limits: the outage test polls /readyz for up to 20 s from one address.
  const config = testConfig({ ...oidcEnv(idp, bff, { OIDC_ACCESS_CONTACT: '#it-help' }), PORT: String(port), LOG_LEVEL: 'info', RATE_LIMIT_IP_PER_MIN: '0', RATE_LIMIT_USER_PER_MIN: '0' });
  server = await startRoomwatch(config, { simulatorTickMs: 0, distDir: '/nonexistent-dist', logStream: log.stream });
});
afterAll(async () => {
  await server?.close();
  await idp?.close();
});

function cookiesOf(res: Response): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of res.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    out.set(pair.slice(0, pair.indexOf('=')), line);
  }
  return out;
}
const valueOf = (line: string | undefined) => (line ?? '').split(';')[0]?.split('=').slice(1).join('=') ?? '';

/** `GET /auth/login`: the IdP URL it redirects to and the transaction cookie it sets. */
async function startLogin(returnTo?: string): Promise<{ authorizeUrl: string; transaction: string; res: Response }> {
  const query = returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`;
  const res = await fetch(`${bff}/auth/login${query}`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return { authorizeUrl: res.headers.get('location') ?? '', transaction: valueOf(cookiesOf(res).get('roomwatch_oidc')), res };
}

function callback(url: string, transaction?: string): Promise<Response> {
  return fetch(url, { redirect: 'manual', headers: transaction ? { cookie: `roomwatch_oidc=${transaction}` } : {} });
}

/** A whole sign-in as `login`; answers the callback's response. */
async function signIn(login: string, returnTo?: string): Promise<Response> {
  const { authorizeUrl, transaction } = await startLogin(returnTo);
  return callback(await signInAtIdp(authorizeUrl, login, `${bff}/auth/callback`), transaction);
}

async function me(session: string): Promise<Response> {
  return fetch(`${bff}/api/me`, { headers: { cookie: `roomwatch_session=${session}` } });
}

/** A failed callback: 400 page, no session, the transaction cookie gone. */
async function expectSignInFailed(res: Response): Promise<void> {
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(await res.text()).toContain('Sign-in failed');
  const cookies = cookiesOf(res);
  expect(cookies.has('roomwatch_session')).toBe(false);
  expect(cookies.get('roomwatch_oidc')).toMatch(/Expires=Thu, 01 Jan 1970/);
}

describe('GET /auth/login', () => {
  it('sends the browser to the IdP with PKCE S256, state and nonce, and seals them in an HttpOnly SameSite=Lax cookie', async () => {
    const { authorizeUrl, res } = await startLogin('/calls');
    const url = new URL(authorizeUrl);
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get('client_id')).toBe(TEST_CLIENT_ID);
    expect(url.searchParams.get('redirect_uri')).toBe(`${bff}/auth/callback`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scope')).toBe('openid profile email');
    expect(url.searchParams.get('state')?.length).toBeGreaterThan(20);
    expect(url.searchParams.get('nonce')?.length).toBeGreaterThan(20);
    const cookie = cookiesOf(res).get('roomwatch_oidc') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=600/);
    // Encrypted: neither the state nor the verifier can be read from it.
    expect(cookie).not.toContain(url.searchParams.get('state') ?? 'x');
    expect(cookie).not.toContain('/calls');
  });

  it('is offered on the public sign-in options', async () => {
    const res = await fetch(`${bff}/auth/sign-in-options`);
    expect(envelopeSchema(signInOptionsSchema).parse(await res.json()).data).toEqual({ oidc: { displayName: 'Test IdP', available: true } });
  });
});

describe('GET /auth/callback', () => {
  it('signs a moderator in: session cookie, back to returnTo, the IdP sub and name in the session', async () => {
    const res = await signIn('alice', '/rooms/proconf/standup?tab=people');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/rooms/proconf/standup?tab=people');
    const cookies = cookiesOf(res);
    expect(cookies.get('roomwatch_session')).toMatch(/HttpOnly/);
    expect(cookies.get('roomwatch_oidc')).toMatch(/Expires=Thu, 01 Jan 1970/);
    const who = await me(valueOf(cookies.get('roomwatch_session')));
    expect(envelopeSchema(identitySchema).parse(await who.json()).data).toEqual({ sub: 'alice', role: 'moderator', rooms: null, name: 'Alice Moderator' });
  });

  it.each(['https://evil.example/x', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/auth/login'])(
    'sends returnTo %s to / instead',
    async (returnTo) => {
      const res = await signIn('alice', returnTo);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/');
    },
  );

  it('answers a user in no moderator group with a 403 page naming the account and whom to ask, and no session', async () => {
    const res = await signIn('bob');
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('bob@example.test');
    expect(html).toContain('#it-help');
    expect(cookiesOf(res).has('roomwatch_session')).toBe(false);
    expect(cookiesOf(res).get('roomwatch_oidc')).toMatch(/Expires=Thu, 01 Jan 1970/);
  });

  it('refuses a callback without the transaction cookie', async () => {
    const { authorizeUrl } = await startLogin();
    await expectSignInFailed(await callback(await signInAtIdp(authorizeUrl, 'alice', `${bff}/auth/callback`)));
  });

  it('refuses a tampered transaction cookie', async () => {
    const { authorizeUrl, transaction } = await startLogin();
    const url = await signInAtIdp(authorizeUrl, 'alice', `${bff}/auth/callback`);
    const flipped = `${transaction.slice(0, -4)}${transaction.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    await expectSignInFailed(await callback(url, flipped));
  });

  it('refuses a tampered or missing state', async () => {
    const { authorizeUrl, transaction } = await startLogin();
    const url = new URL(await signInAtIdp(authorizeUrl, 'alice', `${bff}/auth/callback`));
    const tampered = new URL(url);
    tampered.searchParams.set('state', 'someone-elses-state-value-000000');
    await expectSignInFailed(await callback(tampered.toString(), transaction));
    const missing = new URL(url);
    missing.searchParams.delete('state');
    await expectSignInFailed(await callback(missing.toString(), transaction));
  });

  it('refuses a replayed code', async () => {
    const { authorizeUrl, transaction } = await startLogin();
    const url = await signInAtIdp(authorizeUrl, 'alice', `${bff}/auth/callback`);
    expect((await callback(url, transaction)).status).toBe(302);
    await expectSignInFailed(await callback(url, transaction));
  });

  it('refuses a code the IdP issued to another client', async () => {
    const { authorizeUrl, transaction } = await startLogin();
    const foreign = new URL(authorizeUrl);
    foreign.searchParams.set('client_id', OTHER_CLIENT.clientId);
    await expectSignInFailed(await callback(await signInAtIdp(foreign.toString(), 'alice', `${bff}/auth/callback`), transaction));
  });

  it('refuses an ID token carrying another nonce', async () => {
    const { authorizeUrl, transaction } = await startLogin();
    const other = new URL(authorizeUrl);
    other.searchParams.set('nonce', 'a-nonce-from-another-sign-in-0000');
    await expectSignInFailed(await callback(await signInAtIdp(other.toString(), 'alice', `${bff}/auth/callback`), transaction));
    await eventually(async () => log.text().includes('(nonce)","msg":"oidc sign-in failed'));
  });

  it.each([
    ['audience', { aud: 'someone-else' }, '(aud)'],
    ['issuer', { iss: 'https://idp.evil.example' }, '(iss)'],
    ['expiry', { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 }, '(exp)'],
  ])('refuses an ID token with the wrong %s, and logs only the reason', async (_what, claims, reason) => {
    const { authorizeUrl, transaction } = await startLogin();
    const url = await signInAtIdp(authorizeUrl, 'alice', `${bff}/auth/callback`);
    idp.tamperNextIdToken(claims);
    await expectSignInFailed(await callback(url, transaction));
    const code = new URL(url).searchParams.get('code') ?? 'none';
    await eventually(async () => log.text().includes(`${reason}","msg":"oidc sign-in failed`));
    expect(log.text()).not.toContain(code);
    expect(log.text()).not.toContain(transaction);
  });
});

describe('POST /auth/sign-out', () => {
  it('clears the session and answers the IdP end-session URL with client_id and post_logout_redirect_uri, no id_token_hint', async () => {
    const session = valueOf(cookiesOf(await signIn('alice')).get('roomwatch_session'));
    const res = await fetch(`${bff}/auth/sign-out`, {
      method: 'POST',
      headers: { cookie: `roomwatch_session=${session}`, origin: bff, 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(cookiesOf(res).get('roomwatch_session')).toMatch(/Expires=Thu, 01 Jan 1970/);
    const { endSessionUrl } = envelopeSchema(signedOutSchema).parse(await res.json()).data;
    const url = new URL(endSessionUrl ?? '');
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get('client_id')).toBe(TEST_CLIENT_ID);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${bff}/signin`);
    expect(url.searchParams.has('id_token_hint')).toBe(false);

    const audit = await fetch(`${bff}/api/audit?actor=alice`, { headers: { authorization: `Bearer ${await signToken({ sub: 'auditor', role: 'moderator' })}` } });
    const { entries } = envelopeSchema(auditPageSchema).parse(await audit.json()).data;
    expect(entries[0]).toMatchObject({ action: 'auth.signed_out', actor: { sub: 'alice', name: 'Alice Moderator' } });
    expect(entries.find((e) => e.action === 'auth.signed_in')).toMatchObject({ actor: { sub: 'alice', name: 'Alice Moderator' }, details: { method: 'oidc' } });
  });
});

describe('the IdP unreachable', () => {
  it('answers /auth/login with a 503 page (never a redirect), reads degraded on /readyz, and keeps sessions and bearer tokens working', async () => {
    const session = valueOf(cookiesOf(await signIn('alice')).get('roomwatch_session'));
    const readiness = async () => envelopeSchema(readinessSchema).parse(await (await fetch(`${bff}/readyz`)).json()).data;
    expect((await readiness()).identityProvider).toBe('ok');
    await idp.stop();
    try {
      const stoppedAt = Date.now();
      await eventually(async () => (await readiness()).identityProvider === 'degraded', 20_000);
      expect(Date.now() - stoppedAt).toBeLessThan(15_000);
      expect((await readiness()).status).toBe('degraded');
      const login = await fetch(`${bff}/auth/login`, { redirect: 'manual' });
      expect(login.status).toBe(503);
      expect(login.headers.get('location')).toBeNull();
      expect(await login.text()).toContain('identity provider (Test IdP) cannot be reached');
      const options = envelopeSchema(signInOptionsSchema).parse(await (await fetch(`${bff}/auth/sign-in-options`)).json()).data;
      expect(options.oidc?.available).toBe(false);
      expect((await me(session)).status).toBe(200);
      const bearer = await fetch(`${bff}/api/me`, { headers: { authorization: `Bearer ${await signToken({ sub: 'app', role: 'moderator' })}` } });
      expect(bearer.status).toBe(200);
    } finally {
      await idp.start();
    }
    await eventually(async () => (await readiness()).identityProvider === 'ok', 20_000);
    expect((await startLogin()).authorizeUrl.startsWith(idp.issuer)).toBe(true);
  }, 60_000);
});

describe('configuration', () => {
  const base = { OIDC_ISSUER: 'https://idp.example.com', OIDC_CLIENT_ID: 'rw', OIDC_CLIENT_SECRET: 's', OIDC_MODERATOR_GROUPS: 'ops', SESSION_SECRET: 'x'.repeat(32), PUBLIC_URL: 'https://rw.example.com' };
  const problems = (env: Record<string, string>) => {
    const loaded = loadConfig(env);
    return loaded.ok ? [] : loaded.problems;
  };

  it('accepts a whole configuration, alongside AUTH_JWT_SECRET for bearer tokens', () => {
    expect(problems(base)).toEqual([]);
    expect(problems({ ...base, AUTH_JWT_SECRET: 'y'.repeat(32) })).toEqual([]);
    const loaded = loadConfig(base);
    expect(loaded.ok && loaded.config.oidc).toMatchObject({ redirectUri: 'https://rw.example.com/auth/callback', displayName: 'idp.example.com', sessionSeconds: 8 * 3600, clientAuth: 'client_secret_basic' });
  });

  it.each(['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_MODERATOR_GROUPS', 'SESSION_SECRET', 'PUBLIC_URL'])('stops start-up without %s, naming it', (name) => {
    const env: Record<string, string> = { ...base };
    delete env[name];
    expect(problems(env).some((p) => p.startsWith(`${name}:`))).toBe(true);
  });

  it('takes https issuers, and plain http only on loopback', () => {
    expect(problems({ ...base, OIDC_ISSUER: 'http://idp.example.com' }).some((p) => p.startsWith('OIDC_ISSUER:'))).toBe(true);
    expect(problems({ ...base, OIDC_ISSUER: 'http://127.0.0.1:9000' })).toEqual([]);
    expect(problems({ ...base, OIDC_ISSUER: 'http://localhost:9000' })).toEqual([]);
  });

  it('needs OIDC_ISSUER when other OIDC variables are set', () => {
    expect(problems({ OIDC_CLIENT_ID: 'rw' }).some((p) => p.startsWith('OIDC_ISSUER:'))).toBe(true);
  });
});
