import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDocumentType } from '../../../server/security/headers';
import { startRoomwatch, type Running } from '../../../server/start';
import { bearer, expectError, moderator, startTestServer, testConfig } from '../../support/security/server';

let server: Running;
let cors: Running;
let withUi: Running;
let dist: string;
const WEB_CLIENT = 'https://web.proconf.example';

beforeAll(async () => {
  // A stand-in production build: the SPA's index.html and one hashed asset.
  dist = mkdtempSync(join(tmpdir(), 'roomwatch-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>roomwatch</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'export {};');
  // An SVG opened on its own is a document that can run script: it gets the document headers too.
  writeFileSync(join(dist, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  [server, cors, withUi] = await Promise.all([
    startTestServer(),
    startTestServer({ CORS_ORIGINS: `${WEB_CLIENT}, https://other.example` }),
    startRoomwatch(testConfig(), { simulatorTickMs: 0, distDir: dist }),
  ]);
});
afterAll(async () => {
  await Promise.all([server?.close(), cors?.close(), withUi?.close()]);
  rmSync(dist, { recursive: true, force: true });
});

type Headers = Record<string, string | string[] | number | undefined>;

function cspDirectives(headers: Headers): Map<string, string> {
  const csp = String(headers['content-security-policy'] ?? '');
  return new Map(
    csp.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

/** Headers that only mean something on a document, which the HTML must carry and JSON need not. */
const DOCUMENT_ONLY = [
  'content-security-policy',
  'x-frame-options',
  'cross-origin-opener-policy',
  'strict-transport-security',
  'x-dns-prefetch-control',
  'x-permitted-cross-domain-policies',
];

describe('security headers', () => {
  it('sends HTML (and SVG) a self-only CSP without inline script, no framing, no-referrer and nosniff', async () => {
    for (const url of ['/', '/rooms/proconf/standup', '/signin', '/assets/logo.svg']) {
      const res = await withUi.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(String(res.headers['content-type'])).toMatch(/^(text\/html|image\/svg\+xml)/);
      const directives = cspDirectives(res.headers);
      expect(directives.get('default-src')).toBe("'self'");
      expect(directives.get('script-src')).toBe("'self'");
      expect(directives.get('frame-ancestors')).toBe("'none'");
      expect(String(res.headers['content-security-policy'])).not.toMatch(/unsafe-inline|unsafe-eval|https:|data:|\*/);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      for (const name of DOCUMENT_ONLY) expect(res.headers[name], `${url} ${name}`).toBeDefined();
    }
  });

  it('sends JSON answers and errors nosniff, no-referrer and a Cache-Control, and no document-only headers', async () => {
    const token = await moderator();
    const answers = [
      await server.app.inject({ url: '/api/me', headers: bearer(token) }),
      await server.app.inject({ url: '/callStatus?roomName=standup', headers: bearer(token) }),
      await server.app.inject({ url: '/callStatus?roomName=standup' }),
      await server.app.inject({ url: '/no/such/page' }),
      await server.app.inject({ url: '/healthz' }),
      await withUi.app.inject({ url: '/api/no-such-route' }),
      // Refused before any route runs: too long a URL, and one the router cannot decode.
      await server.app.inject({ url: `/healthz?pad=${'a'.repeat(3000)}` }),
      await server.app.inject({ url: '/api/calls/%' }),
    ];
    expect(answers.map((res) => res.statusCode)).toEqual([200, 200, 401, 404, 200, 404, 414, 400]);
    for (const res of answers) {
      expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cache-control']).toMatch(/no-cache|no-store/);
      for (const name of DOCUMENT_ONLY) expect(res.headers[name], `${res.raw.req.url} ${name}`).toBeUndefined();
    }
  });

  it('sends scripts nosniff and no-referrer', async () => {
    const res = await withUi.app.inject({ url: '/assets/app.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('tells documents from other answers by their type', () => {
    for (const type of ['text/html; charset=utf-8', 'TEXT/HTML', 'image/svg+xml', 'application/xhtml+xml', 'application/xml', 'text/xml; charset=utf-8']) {
      expect(isDocumentType(type), type).toBe(true);
    }
    for (const type of ['application/json; charset=utf-8', 'text/javascript', 'text/css', 'text/htmlx', 'image/png', undefined, 42]) {
      expect(isDocumentType(type), String(type)).toBe(false);
    }
  });
});

describe('CORS', () => {
  const preflight = (app: Running, url: string, origin: string) =>
    app.app.inject({
      method: 'OPTIONS',
      url,
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });

  it('is off by default: no CORS headers, and OPTIONS is a plain 404', async () => {
    const res = await server.app.inject({ url: '/callStatus?roomName=standup', headers: { origin: WEB_CLIENT, ...bearer(await moderator()) } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expectError(await preflight(server, '/callStatus?roomName=standup', WEB_CLIENT), 404);
  });

  it('lets a CORS_ORIGINS origin call the ProCONF routes with a bearer token, without credentials', async () => {
    const pre = await preflight(cors, '/callStatus?roomName=standup', WEB_CLIENT);
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(WEB_CLIENT);
    expect(String(pre.headers['access-control-allow-headers'])).toMatch(/authorization/i);
    expect(pre.headers['access-control-allow-credentials']).toBeUndefined();
    const res = await cors.app.inject({ url: '/callCatchUp/standup', headers: { origin: WEB_CLIENT, ...bearer(await moderator()) } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(WEB_CLIENT);
    expect(String(res.headers['access-control-expose-headers'])).toMatch(/retry-after/);
  });

  it('gives other origins and the dashboard API nothing', async () => {
    const pre = await preflight(cors, '/callStatus?roomName=standup', 'https://evil.example');
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const api = await cors.app.inject({ url: '/api/me', headers: { origin: WEB_CLIENT, ...bearer(await moderator()) } });
    expect(api.headers['access-control-allow-origin']).toBeUndefined();
    expectError(await preflight(cors, '/api/share-links', WEB_CLIENT), 404);
  });
});
