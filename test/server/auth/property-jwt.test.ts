import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Running } from '../../../server/start';
import { MAX_TOKEN_LENGTH } from '../../../server/auth/verifier';
import { expectWellFormed } from '../../support/security/invariants';
import { bearer, startTestServer, TEST_SECRET } from '../../support/security/server';

/**
 * Forged, tampered and malformed JWTs against a deployment with a shared secret and one with
 * an identity provider's JWKS. An oracle written from the auth model
 * (docs/security.md: sub, role, rooms, exp required, nbf honoured, 30 s clock tolerance) says
 * which tokens are good; the server must agree on every one: 200 with exactly the claimed identity, else 401.
 */
const ISSUER = 'https://idp.example';
const AUDIENCE = 'roomwatch';
const RUNS = 200;
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

let secretServer: Running;
let jwksServer: Running;
let jwksHost: Server;
let rsa: { privateKey: CryptoKey; publicKey: CryptoKey };
let otherRsa: { privateKey: CryptoKey; publicKey: CryptoKey };
let ec: { privateKey: CryptoKey; publicKey: CryptoKey };
let publicPem: string;
let publicJwkJson: string;

beforeAll(async () => {
  rsa = await generateKeyPair('RS256');
  otherRsa = await generateKeyPair('RS256');
  ec = await generateKeyPair('ES256');
  publicPem = await exportSPKI(rsa.publicKey);
  const jwk = { ...(await exportJWK(rsa.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  publicJwkJson = JSON.stringify(jwk);
  jwksHost = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((resolve) => jwksHost.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(jwksHost.address() as AddressInfo).port}/.well-known/jwks.json`;
  const common = { AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_IP_PER_MIN: '0' };
  [secretServer, jwksServer] = await Promise.all([
    startTestServer(common),
    startTestServer({ ...common, AUTH_JWT_SECRET: '', AUTH_JWKS_URL: jwksUrl, SESSION_SECRET: TEST_SECRET }),
  ]);
});
afterAll(async () => {
  await Promise.all([secretServer?.close(), jwksServer?.close()]);
  await new Promise((resolve) => jwksHost?.close(resolve));
});

/** How a token is signed: the right way for the deployment, or one of the classic forgeries. */
type Signing =
  | 'hs256-secret' // the shared secret / the BFF's own secret
  | 'hs256-wrong-secret'
  | 'hs512-secret' // right secret, algorithm outside the allow-list
  | 'hs256-public-pem' // HS/RS confusion: the RSA public key as an HMAC secret
  | 'hs256-public-jwk'
  | 'rs256' // the identity provider's key
  | 'rs256-other-key'
  | 'es256-unknown-key'
  | 'none';

/** Mostly-valid claims with a few wrong or missing ones, so both verdicts come up often. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: invalid }, { weight: 1, arbitrary: fc.constant(undefined) });
const claimsArb = fc.record({
  sub: mostly(fc.string({ minLength: 1, maxLength: 40 }), fc.oneof(fc.constant(''), fc.string({ minLength: 257, maxLength: 300 }), fc.integer())),
  role: mostly(fc.constantFrom('moderator', 'participant'), fc.oneof(fc.constantFrom('admin', 'Moderator', ''), fc.integer())),
  rooms: mostly(fc.array(fc.stringMatching(/^[a-z]{1,10}(:[a-z0-9-]{1,12})?$/), { maxLength: 4 }), fc.oneof(fc.constant('standup'), fc.array(fc.integer(), { minLength: 1, maxLength: 2 }))),
  iss: mostly(fc.constant(ISSUER), fc.constantFrom('https://evil.example', `${ISSUER}/`, '')),
  aud: mostly(fc.oneof(fc.constant(AUDIENCE), fc.constant([AUDIENCE, 'other'])), fc.oneof(fc.constantFrom('other', 'Roomwatch', ''), fc.constant(['other']))),
  // Offsets from now, kept clear of the 30 s tolerance edge so the oracle never races the clock.
  exp: mostly(fc.integer({ min: 120, max: 86_400 * 365 }), fc.integer({ min: -86_400 * 365, max: -120 })),
  nbf: mostly(fc.integer({ min: -86_400, max: 10 }), fc.integer({ min: 120, max: 86_400 * 365 * 50 })),
});
type Claims = typeof claimsArb extends fc.Arbitrary<infer T> ? T : never;

function payloadOf(claims: Partial<Claims>): JWTPayload {
  const t = now();
  const { exp, nbf, ...rest } = claims;
  const present = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  return { ...present, iat: t, ...(exp === undefined ? {} : { exp: t + exp }), ...(nbf === undefined ? {} : { nbf: t + nbf }) };
}

/** The auth model of docs/security.md, as a function. */
function oracle(claims: Claims): boolean {
  const { sub, role, rooms, iss, aud, exp, nbf } = claims;
  return (
    typeof sub === 'string' && sub.length >= 1 && sub.length <= 256 &&
    (role === 'moderator' || role === 'participant') &&
    (rooms === undefined || (Array.isArray(rooms) && rooms.every((r) => typeof r === 'string'))) &&
    iss === ISSUER &&
    (aud === AUDIENCE || (Array.isArray(aud) && aud.includes(AUDIENCE))) &&
    exp !== undefined && exp > 0 &&
    (nbf === undefined || nbf <= 10)
  );
}

async function sign(payload: JWTPayload, signing: Signing): Promise<string> {
  const hs = (alg: string, key: string) => new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT' }).sign(new TextEncoder().encode(key));
  switch (signing) {
    case 'hs256-secret':
      return hs('HS256', TEST_SECRET);
    case 'hs256-wrong-secret':
      return hs('HS256', `${TEST_SECRET}x`);
    case 'hs512-secret':
      return hs('HS512', TEST_SECRET);
    case 'hs256-public-pem':
      return hs('HS256', publicPem);
    case 'hs256-public-jwk':
      return hs('HS256', publicJwkJson);
    case 'rs256':
      return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(rsa.privateKey);
    case 'rs256-other-key':
      return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(otherRsa.privateKey);
    case 'es256-unknown-key':
      return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(ec.privateKey);
    case 'none':
      return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
  }
}

async function meWith(server: Running, token: string) {
  const res = await server.app.inject({ url: '/api/me', headers: bearer(token) });
  expectWellFormed(res);
  return res;
}

function expectVerdict(res: Awaited<ReturnType<typeof meWith>>, good: boolean, claims: Claims): void {
  if (good) {
    expect(res.statusCode, res.body).toBe(200);
    const rooms = claims.rooms ?? (claims.role === 'moderator' ? null : []);
    expect(res.json().data).toEqual({ sub: claims.sub, role: claims.role, rooms });
  } else {
    expect(res.statusCode, res.body).toBe(401);
    expect(res.json().error.message).toBe('Unauthorized');
  }
}

const forgeries: Signing[] = ['hs256-wrong-secret', 'hs512-secret', 'hs256-public-pem', 'hs256-public-jwk', 'rs256-other-key', 'es256-unknown-key', 'none'];
const signingArb = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom<Signing>('hs256-secret', 'rs256') },
  { weight: 5, arbitrary: fc.constantFrom(...forgeries) },
);

describe('JWT verification agrees with the design on every token', () => {
  let accepted = 0;
  beforeEach(() => {
    accepted = 0;
  });

  it('with a shared secret (AUTH_JWT_SECRET + issuer + audience)', async () => {
    await fc.assert(
      fc.asyncProperty(claimsArb, signingArb, async (claims, signing) => {
        const token = await sign(payloadOf(claims), signing);
        const good = signing === 'hs256-secret' && oracle(claims);
        if (good) accepted += 1;
        expectVerdict(await meWith(secretServer, token), good, claims);
      }),
      { numRuns: RUNS },
    );
    // The run must have tried both verdicts to mean anything.
    expect(accepted).toBeGreaterThan(5);
  });

  it('with an identity provider (AUTH_JWKS_URL): its keys, or the BFF its own secret; never HS with the public key', async () => {
    await fc.assert(
      fc.asyncProperty(claimsArb, signingArb, async (claims, signing) => {
        const token = await sign(payloadOf(claims), signing);
        const good = (signing === 'rs256' || signing === 'hs256-secret') && oracle(claims);
        if (good) accepted += 1;
        expectVerdict(await meWith(jwksServer, token), good, claims);
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(10);
  });
});

describe('tampering with a good token', () => {
  const good: Partial<Claims> = { sub: 'latecomer', role: 'participant', rooms: ['standup'], iss: ISSUER, aud: AUDIENCE, exp: 3600 };

  it('any change to header, payload or signature is 401', async () => {
    const token = await sign(payloadOf(good), 'hs256-secret');
    expect((await meWith(secretServer, token)).statusCode).toBe(200);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: token.length - 1 }), fc.constantFrom(...alphabet), async (at, char) => {
        const tampered = `${token.slice(0, at)}${char}${token.slice(at + 1)}`;
        // Base64url has slack bits: a change that decodes to the same bytes is not a change.
        const same = tampered.split('.').every((part, i) => Buffer.from(part, 'base64url').equals(Buffer.from(token.split('.')[i] ?? '', 'base64url')));
        fc.pre(token[at] !== '.' && !same);
        expect((await meWith(secretServer, tampered)).statusCode).toBe(401);
      }),
      { numRuns: 100 },
    );
  });

  it('a rewritten payload with the old signature is 401: no promotion to moderator, no extra rooms', async () => {
    const token = await sign(payloadOf(good), 'hs256-secret');
    const [header, , signature] = token.split('.');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('moderator', 'participant'), fc.array(fc.constantFrom('standup', 'all-hands', 'proconf:incident-2291'), { maxLength: 3 }), async (role, rooms) => {
        const payload = b64({ ...payloadOf(good), role, rooms });
        fc.pre(payload !== token.split('.')[1]);
        for (const server of [secretServer, jwksServer]) {
          expect((await meWith(server, `${header}.${payload}.${signature}`)).statusCode).toBe(401);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('alg none in any spelling, empty or absent signatures, and huge tokens are 401', async () => {
    const payload = b64(payloadOf({ ...good, role: 'moderator' }));
    const tokens = [
      ...['none', 'None', 'NONE', 'nOnE'].flatMap((alg) => [`${b64({ alg })}.${payload}.`, `${b64({ alg })}.${payload}`, `${b64({ alg })}.${payload}.c2ln`]),
      `${b64({ alg: 'HS256' })}.${payload}.`,
      `${b64({ alg: 'HS256' })}.${payload}`,
      `${b64({ alg: 'HS256', crit: ['exp'] })}.${payload}.x`,
      `${(await sign(payloadOf(good), 'hs256-secret')).slice(0, MAX_TOKEN_LENGTH)}${'A'.repeat(MAX_TOKEN_LENGTH)}`,
      await sign({ ...payloadOf(good), pad: 'x'.repeat(MAX_TOKEN_LENGTH) }, 'hs256-secret'),
      await sign({ ...payloadOf(good), pad: 'x'.repeat(MAX_TOKEN_LENGTH) }, 'rs256'),
    ];
    for (const token of tokens) {
      expect((await meWith(secretServer, token)).statusCode, token.slice(0, 60)).toBe(401);
      expect((await meWith(jwksServer, token)).statusCode, token.slice(0, 60)).toBe(401);
    }
  });
});
