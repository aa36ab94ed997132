import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../../server/start';
import { loadConfig } from '../../../server/config';
import { bearer, expectError, moderator, participant, signToken, startTestServer } from '../../support/security/server';

let server: Running;
const USER_LIMIT = 5;
const IP_LIMIT = 3;

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_USER_PER_MIN: String(USER_LIMIT), RATE_LIMIT_IP_PER_MIN: String(IP_LIMIT) });
});
afterAll(async () => {
  await server?.close();
});

const get = (url: string, headers: Record<string, string> = {}, remoteAddress = '10.0.0.1') =>
  server.app.inject({ url, headers, remoteAddress });

describe('rate limits', () => {
  it('has generous defaults: a 20-room dashboard polling every 2 s fits several times over', () => {
    const loaded = loadConfig({});
    if (!loaded.ok) throw new Error(loaded.problems.join());
    // 20 rooms × (snapshot + catch-up) every 2 s = 1200 requests a minute, plus the room list.
    expect(loaded.config.security.rateLimit.userPerMinute).toBeGreaterThanOrEqual(2 * 1260);
    expect(loaded.config.security.rateLimit.ipPerMinute).toBeGreaterThanOrEqual(300);
  });

  it("limits each verified user on their own: one user's flood leaves another behind the same address alone", async () => {
    const flooder = bearer(await moderator('flooder'));
    for (let i = 0; i < USER_LIMIT; i++) expect((await get('/api/me', flooder)).statusCode).toBe(200);
    const limited = await get('/api/me', flooder);
    expect(expectError(limited, 429)).toBe('Too many requests');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);

    // Same address, different user, and a fresh token of the flooder's: keyed by sub, not token or IP.
    expect((await get('/api/me', bearer(await participant('neighbour', ['standup'])))).statusCode).toBe(200);
    expectError(await get('/api/me', bearer(await moderator('flooder'))), 429);
  });

  it('limits requests without a valid token per address; a forged token counts as none', async () => {
    const forged = bearer(await signToken({ sub: 'forger', role: 'moderator' }, { secret: 'another-secret-another-secret-0000' }));
    expectError(await get('/api/me', {}, '10.0.0.2'), 401);
    expectError(await get('/api/me', forged, '10.0.0.2'), 401);
    expect((await get('/healthz', {}, '10.0.0.2')).statusCode).toBe(200);
    expectError(await get('/api/me', forged, '10.0.0.2'), 429);
    expectError(await get('/healthz', {}, '10.0.0.2'), 429);
    // A signed-in user at that address is counted as themselves.
    expect((await get('/api/me', bearer(await moderator('colleague')), '10.0.0.2')).statusCode).toBe(200);
  });

  it('answers 429 on the ProCONF routes in their own envelope, with Retry-After', async () => {
    const addr = '10.0.0.3';
    for (let i = 0; i < IP_LIMIT; i++) expectError(await get('/callStatus?roomName=standup', {}, addr), 401);
    const limited = await get('/callStatus?roomName=standup', {}, addr);
    expect(limited.json()).toEqual({ data: null, error: { code: 429, message: 'Too many requests' } });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    // Another address is not affected.
    expectError(await get('/callStatus?roomName=standup', {}, '10.0.0.4'), 401);
  });

  it('behind TRUST_PROXY, a client cannot escape its address bucket by forging X-Forwarded-For', async () => {
    const proxied = await startTestServer({ TRUST_PROXY: 'on', RATE_LIMIT_IP_PER_MIN: String(IP_LIMIT) });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < IP_LIMIT + 2; i++) {
        // The proxy appends the address it saw (203.0.113.7); the client made up the rest.
        const res = await proxied.app.inject({ url: '/api/me', headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` } });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const other = await proxied.app.inject({ url: '/api/me', headers: { 'x-forwarded-for': '203.0.113.8' } });
      expect(other.statusCode).toBe(401);
    } finally {
      await proxied.close();
    }
  });

  it('can be turned off with 0', async () => {
    const unlimited = await startTestServer({ RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_IP_PER_MIN: '0' });
    try {
      for (let i = 0; i < 20; i++) expectError(await unlimited.app.inject({ url: '/api/me', remoteAddress: '10.9.9.9' }), 401);
    } finally {
      await unlimited.close();
    }
  });
});
