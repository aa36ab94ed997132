import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../server/start';
import { bearer, expectError, moderator, startTestServer } from './security-support/server';

let server: Running;
let cors: Running;
const WEB_CLIENT = 'https://web.proconf.example';

beforeAll(async () => {
  [server, cors] = await Promise.all([startTestServer(), startTestServer({ CORS_ORIGINS: `${WEB_CLIENT}, https://other.example` })]);
});
afterAll(async () => {
  await Promise.all([server?.close(), cors?.close()]);
});

describe('security headers', () => {
  it('sends a self-only CSP without inline script, no-referrer, nosniff and no framing on every answer', async () => {
    const token = await moderator();
    for (const res of [
      await server.app.inject({ url: '/api/me', headers: bearer(token) }),
      await server.app.inject({ url: '/callStatus?roomName=standup' }),
      await server.app.inject({ url: '/no/such/page' }),
      await server.app.inject({ url: '/healthz' }),
    ]) {
      const csp = String(res.headers['content-security-policy']);
      const directives = new Map(csp.split(';').map((d) => { const [name = '', ...values] = d.trim().split(/\s+/); return [name, values.join(' ')]; }));
      expect(directives.get('default-src')).toBe("'self'");
      expect(directives.get('script-src')).toBe("'self'");
      expect(directives.get('frame-ancestors')).toBe("'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https:|data:|\*/);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
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
