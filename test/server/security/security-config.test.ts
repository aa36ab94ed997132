import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config';

const SECRET = 'x'.repeat(32);

describe('security configuration', () => {
  it('has safe defaults: no CORS, automatic Secure cookies, generous limits, tight timeouts', () => {
    const loaded = loadConfig({});
    expect(loaded.ok && loaded.config.security).toEqual({
      sessionSecret: undefined,
      cookieSecure: 'auto',
      corsOrigins: [],
      rateLimit: { userPerMinute: 3000, ipPerMinute: 600 },
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 15_000,
    });
  });

  it('reads CORS_ORIGINS as a list of origins', () => {
    const loaded = loadConfig({ CORS_ORIGINS: ' https://web.proconf.example/ , http://localhost:5173' });
    expect(loaded.ok && loaded.config.security.corsOrigins).toEqual(['https://web.proconf.example', 'http://localhost:5173']);
  });

  it('names each bad value', () => {
    const loaded = loadConfig({
      CORS_ORIGINS: 'javascript:alert(1)',
      SESSION_SECRET: 'short',
      SESSION_COOKIE_SECURE: 'yes',
      RATE_LIMIT_USER_PER_MIN: '-1',
    });
    expect(loaded.ok).toBe(false);
    const problems = loaded.ok ? [] : loaded.problems.join('\n');
    for (const name of ['CORS_ORIGINS', 'SESSION_SECRET', 'SESSION_COOKIE_SECURE', 'RATE_LIMIT_USER_PER_MIN']) expect(problems).toContain(name);
  });

  it('refuses a SESSION_SECRET beside AUTH_JWT_SECRET, and a headers timeout over the request timeout', () => {
    const both = loadConfig({ AUTH_JWT_SECRET: SECRET, SESSION_SECRET: SECRET });
    expect(both.ok ? [] : both.problems).toEqual([expect.stringContaining('SESSION_SECRET')]);
    const timeouts = loadConfig({ HEADERS_TIMEOUT_MS: '20000', REQUEST_TIMEOUT_MS: '10000' });
    expect(timeouts.ok ? [] : timeouts.problems).toEqual([expect.stringContaining('HEADERS_TIMEOUT_MS')]);
  });
});
