import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import Provider, { type OidcContext } from 'oidc-provider';

/**
 * A real OpenID provider (oidc-provider) on a loopback port, for the sign-in tests: one
 * confidential client, two accounts (alice is a moderator, bob is in no roomwatch group), the
 * provider's own login form, RP-initiated logout. It can be stopped and started again on the same
 * port (an IdP outage), and it can be told to answer its next ID token with a claim changed and
 * re-signed with its own key (a misbehaving or mixed-up IdP).
 */
export const MODERATOR_GROUP = 'roomwatch-moderators';
export const TEST_CLIENT_ID = 'roomwatch-test';
export const TEST_CLIENT_SECRET = 'a-client-secret-only-the-tests-know-0123456789';

export const ACCOUNTS: Record<string, { name: string; email: string; groups: string[] }> = {
  alice: { name: 'Alice Moderator', email: 'alice@example.test', groups: [MODERATOR_GROUP, 'staff'] },
  bob: { name: 'Bob Outsider', email: 'bob@example.test', groups: ['staff'] },
};

export interface TestIdp {
  /** e.g. http://127.0.0.1:43210 */
  issuer: string;
  /** The next ID token the token endpoint answers gets these claims laid over it. */
  tamperNextIdToken(claims: Record<string, unknown>): void;
  /** Closes the port (an outage); start() brings it back on the same one. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface IdpOptions {
  /** Redirect URIs of the test client, e.g. `<bff>/auth/callback`. */
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  clientAuth?: 'client_secret_basic' | 'client_secret_post';
  /** Further clients (for a foreign code). */
  extraClients?: { clientId: string; clientSecret: string }[];
}

export async function startTestIdp(options: IdpOptions): Promise<TestIdp> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const http = createServer();
  const sockets = new Set<Socket>();
  http.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;

  const client = (clientId: string, clientSecret: string) => ({
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: options.redirectUris,
    post_logout_redirect_uris: options.postLogoutRedirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: options.clientAuth ?? 'client_secret_basic',
  });
  const provider = new Provider(issuer, {
    clients: [client(TEST_CLIENT_ID, TEST_CLIENT_SECRET), ...(options.extraClients ?? []).map((c) => client(c.clientId, c.clientSecret))],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
    // Groups ride with the profile scope, as many IdPs map them; they reach the BFF by userinfo.
    claims: { openid: ['sub'], profile: ['name', 'groups'], email: ['email', 'email_verified'] },
    findAccount: async (_ctx: unknown, id: string) => {
      const account = ACCOUNTS[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account, email_verified: true }) };
    },
    // A first-party app: no consent screen, only the login form.
    loadExistingGrant: async (ctx: OidcContext) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  });

  let tamper: Record<string, unknown> | undefined;
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path !== '/token' || ctx.status !== 200 || !tamper) return;
    const body = ctx.body as { id_token?: string };
    if (!body.id_token) return;
    const claims = { ...decodeJwt(body.id_token), ...tamper };
    tamper = undefined;
    ctx.body = { ...body, id_token: await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).sign(privateKey) };
  });
  http.on('request', provider.callback());
  // oidc-provider warns about its development-only interactions on the console: expected here.

  const stop = () =>
    new Promise<void>((resolve) => {
      if (!http.listening) return resolve();
      http.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  return {
    issuer,
    tamperNextIdToken: (claims) => void (tamper = claims),
    stop,
    start: () => new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve)),
    close: stop,
  };
}

/** A tiny cookie jar, enough for the provider's interaction cookies. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * What a browser does at the IdP, over plain HTTP: opens `authorizeUrl`, fills the login form as
 * `login`, and follows redirects until the IdP sends the browser back to `redirectPrefix`.
 * Answers that URL (the BFF's callback with `code` and `state`).
 */
export async function signInAtIdp(authorizeUrl: string, login: string, redirectPrefix: string): Promise<string> {
  const jar = new Jar();
  let url = authorizeUrl;
  let init: RequestInit = {};
  for (let hop = 0; hop < 20; hop++) {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header() } });
    jar.take(response);
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, url).toString();
      if (next.startsWith(redirectPrefix)) return next;
      url = next;
      init = {};
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`unexpected IdP page (${response.status}): ${html.slice(0, 300)}`);
    url = new URL(action.replace(/&amp;/g, '&'), url).toString();
    const form = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
    init = { method: 'POST', body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
  throw new Error('the IdP did not send the browser back');
}

export const TEST_SESSION_SECRET = 'a-session-secret-for-the-sign-in-tests-0123456789';

/** The BFF's OIDC variables for `idp`, the BFF reachable at `publicUrl`. */
export function oidcEnv(idp: TestIdp, publicUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PUBLIC_URL: publicUrl,
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: TEST_CLIENT_ID,
    OIDC_CLIENT_SECRET: TEST_CLIENT_SECRET,
    OIDC_MODERATOR_GROUPS: MODERATOR_GROUP,
    OIDC_DISPLAY_NAME: 'Test IdP',
    SESSION_SECRET: TEST_SESSION_SECRET,
    ...extra,
  };
}
