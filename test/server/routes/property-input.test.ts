import { request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../../server/start';
import type { Simulator } from '../../../server/simulator';
import { MAX_URL_LENGTH } from '../../../server/security/limits';
import { expectCleanVendorRequests, expectWellFormed } from '../../support/security/invariants';
import { asRawSegment, asSegment, headerName, headerValue, hostileName, hostileProvider } from '../../support/security/hostile';
import { bearer, moderator, participant, startTestServer } from '../../support/security/server';

/**
 * Random and hostile input at every place a client can put it, through the whole server down to
 * the simulated vendors: each answer is a well-formed envelope with a client error (or success),
 * 5xx only when a vendor was asked and failed, and nothing reaches a vendor off its path.
 */
const RUNS = 150;
let server: Running;
let simulator: Simulator;
let headers: Record<string, string>;
let scoped: Record<string, string>;

beforeAll(async () => {
  // Many valid ids reach the vendors here; Bandwidth's default 1 request/s would turn them into 429s.
  server = await startTestServer({ RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_IP_PER_MIN: '0', UPSTREAM_POLICY: '{"bandwidth":{"ratePerSecond":null}}' });
  if (!server.simulator) throw new Error('the simulator should be running');
  simulator = server.simulator;
  headers = bearer(await moderator('prop-mod'));
  scoped = bearer(await participant('prop-p', ['standup', 'bandwidth:conf-1']));
});
afterAll(async () => {
  await server?.close();
});

type Method = 'GET' | 'POST' | 'DELETE' | 'PUT' | 'OPTIONS';
interface Answer {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/** One request over a real socket with the target exactly as given (inject would normalize it). */
function overTheWire(url: string, method: Method, extra: Record<string, string>): Promise<Answer> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(port), method, path: url, headers: extra }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends one request and checks every invariant; returns the status. */
async function probe(url: string, extra: Record<string, string> = headers, method: Method = 'GET', wire = false): Promise<number> {
  const before = simulator.requests.all().length;
  const res = wire ? await overTheWire(url, method, extra) : await server.app.inject({ method, url, headers: extra });
  if (res.statusCode === 303) {
    // The demo sign-in link route: an unknown code goes to the sign-in page, nothing else.
    expect(url).toMatch(/^\/auth\/[^/?]+$/);
    expect(res.headers.location).toBe('/signin?reason=link');
    return 303;
  }
  const status = expectWellFormed(res);
  const allowed = [200, 400, 401, 403, 404];
  if (url.length > MAX_URL_LENGTH) allowed.push(414);
  if (status >= 500) {
    // Only a vendor's failure may surface as 5xx, so the vendor must have been asked.
    expect(simulator.requests.all().length, `${status} for ${url} without asking a vendor`).toBeGreaterThan(before);
  } else {
    expect(allowed, `${status} for ${method} ${url}`).toContain(status);
  }
  expectCleanVendorRequests(simulator);
  return status;
}

describe('hostile room names and call ids', () => {
  it('on the ProCONF application-server routes', async () => {
    await fc.assert(
      fc.asyncProperty(hostileName, fc.boolean(), async (name, raw) => {
        const segment = asSegment(name, raw);
        await probe(`/callStatus?roomName=${segment}`);
        await probe(`/callCatchUp/${segment}`);
        await probe(`/callCatchUp?roomName=${segment}`, scoped);
        await probe(`/callSummary/${segment}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('on the dashboard call routes, with hostile providers too', async () => {
    await fc.assert(
      fc.asyncProperty(hostileProvider, hostileName, fc.boolean(), async (provider, callId, raw) => {
        const base = `/api/calls/${asSegment(provider, raw)}/${asSegment(callId, raw)}`;
        await probe(base);
        await probe(`${base}/catch-up`, scoped);
      }),
      { numRuns: RUNS },
    );
  });

  it('in share-link requests', async () => {
    await fc.assert(
      fc.asyncProperty(hostileProvider, hostileName, fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(undefined)), async (provider, callId, ttlMinutes) => {
        const res = await server.app.inject({
          method: 'POST',
          url: '/api/share-links',
          headers: { ...headers, 'content-type': 'application/json' },
          payload: JSON.stringify({ provider, callId, ttlMinutes }),
        });
        expect([200, 400, 404]).toContain(expectWellFormed(res));
      }),
      { numRuns: RUNS },
    );
    expectCleanVendorRequests(simulator);
  });
});

describe('hostile share-link ids', () => {
  it('revoking answers 400 for what cannot be an id and 404 for an unknown one, nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileName, fc.stringMatching(/^[A-Za-z0-9_-]{16}$/)), fc.boolean(), async (id, raw) => {
        const res = await server.app.inject({ method: 'DELETE', url: `/api/share-links/${asSegment(id, raw)}`, headers });
        const status = expectWellFormed(res);
        expect([400, 404], `${status} for ${JSON.stringify(id)}`).toContain(status);
        if (/^[A-Za-z0-9_-]{16}$/.test(id)) expect(status).toBe(404);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('hostile query strings, methods and paths', () => {
  const queryChars = fc.string({
    maxLength: 80,
    unit: fc.constantFrom('roomName', '=', '&', '[', ']', '__proto__', 'constructor', 'prototype', '%', '2e', '.', '/', 'a', '%00', '+', ';', '#', 'standup'),
  });

  it('appended to every route', async () => {
    const routes = ['/api/me', '/api/rooms', '/api/providers', '/api/calls/proconf/standup', '/callStatus', '/callCatchUp', '/callCatchUp/standup', '/healthz'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.oneof(queryChars, fc.string({ maxLength: 80 }).map(encodeURIComponent)), async (route, query) => {
        await probe(`${route}?${query}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('with any method on any path, sent raw over the wire', async () => {
    const pathPart = fc.oneof(hostileName.map(asRawSegment), fc.constantFrom('api', 'callStatus', 'callCatchUp', 'auth', 'proconf', 'calls', '__sim', '..', '%2e%2e', '\\'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<Method>('GET', 'POST', 'DELETE', 'PUT', 'OPTIONS'), fc.array(pathPart, { minLength: 1, maxLength: 5 }), async (method, parts) => {
        const status = await probe(`/${parts.join('/')}`, { ...headers, origin: 'http://localhost:80' }, method, true);
        // No route takes DELETE, PUT or OPTIONS (CORS is off): a wrong method is the JSON 404,
        // unless the URL itself does not decode (400).
        if (method !== 'GET' && method !== 'POST') expect([400, 404]).toContain(status);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('hostile headers', () => {
  const reserved = /^(host|content-length|transfer-encoding|connection|expect|upgrade|authorization|cookie|te|trailer|keep-alive)$/;

  it('extra headers never change a good answer into a server error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(headerName.filter((n) => !reserved.test(n)), headerValue, { maxKeys: 8 }),
        fc.constantFrom('/api/calls/proconf/standup', '/callStatus?roomName=standup', '/api/me', '/api/rooms'),
        async (extra, url) => {
          expect(await probe(url, { ...extra, ...headers })).toBe(200);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('garbage credentials in Authorization or the session cookie are 401', async () => {
    const credential = fc.oneof(
      headerValue,
      headerValue.map((v) => `Bearer ${v}`),
      fc.array(fc.base64String({ maxLength: 60 }), { minLength: 1, maxLength: 4 }).map((parts) => `Bearer eyJ${parts.join('.')}`),
      headerValue.map((v) => `Basic ${Buffer.from(v).toString('base64')}`),
    );
    await fc.assert(
      fc.asyncProperty(credential, fc.boolean(), fc.constantFrom('/api/me', '/callStatus?roomName=standup', '/api/calls/proconf/standup'), async (value, asCookie, url) => {
        const sent: Record<string, string> = asCookie ? { cookie: `roomwatch_session=${encodeURIComponent(value)}` } : { authorization: value };
        expect(await probe(url, sent)).toBe(401);
      }),
      { numRuns: RUNS },
    );
  });
});
