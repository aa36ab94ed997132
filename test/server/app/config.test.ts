import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config';

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:8080, demo auth and the simulator when nothing is configured', () => {
    const result = loadConfig({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      auth: { kind: 'demo' },
      simulator: { enabled: true },
      vendors: {},
    });
  });

  it('turns the simulator off by default once a vendor is configured, keeping the URL path prefix', () => {
    const result = loadConfig({ PROCONF_ADMIN_URL: 'https://admin.example.com/api', PROCONF_ADMIN_TOKEN: 't' });
    expect(result.ok && result.config.simulator.enabled).toBe(false);
    expect(result.ok && result.config.vendors.proconf).toEqual({ url: 'https://admin.example.com/api', token: 't' });
  });

  it('names every bad variable', () => {
    const result = loadConfig({ PORT: 'eighty', PROCONF_ADMIN_URL: 'ftp://x', AUTH_JWT_SECRET: 'short', SIMULATOR: 'maybe' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.problems.join('\n');
    for (const name of ['PORT', 'PROCONF_ADMIN_URL', 'AUTH_JWT_SECRET', 'SIMULATOR']) expect(text).toContain(name);
  });

  it('names the missing variable of an incomplete vendor', () => {
    const result = loadConfig({ BANDWIDTH_API_URL: 'https://api.catapult.inetwork.com', BANDWIDTH_USER_ID: 'u-1', BANDWIDTH_API_TOKEN: 't' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual(['BANDWIDTH_API_SECRET: required when Bandwidth (BANDWIDTH_API_URL) is configured']);
  });

  it('builds the CometChat URL from app id and region', () => {
    const result = loadConfig({ COMETCHAT_APP_ID: 'abc123', COMETCHAT_REGION: 'eu', COMETCHAT_API_KEY: 'k' });
    expect(result.ok && result.config.vendors.cometchat).toMatchObject({ url: 'https://abc123.call-eu.cometchat.io/v3' });
  });

  it('an empty secret in an env file means unset (demo auth), a short one is refused', () => {
    const empty = loadConfig({ AUTH_JWT_SECRET: '', SESSION_SECRET: '' });
    expect(empty.ok && empty.config.auth).toEqual({ kind: 'demo' });
    const short = loadConfig({ AUTH_JWT_SECRET: 'short' });
    expect(!short.ok && short.problems).toEqual(['AUTH_JWT_SECRET: must be at least 32 characters']);
  });

  it('reads WATCH_ROOMS as provider:callId pairs and names a bad entry', () => {
    const good = loadConfig({ WATCH_ROOMS: 'bandwidth:conf-1, tencent:abc-123,proconf:standup' });
    expect(good.ok && good.config.watchRooms).toEqual([
      { provider: 'bandwidth', callId: 'conf-1' },
      { provider: 'tencent', callId: 'abc-123' },
      { provider: 'proconf', callId: 'standup' },
    ]);
    const none = loadConfig({ WATCH_ROOMS: '' });
    expect(none.ok && none.config.watchRooms).toEqual([]);
    const unset = loadConfig({});
    expect(unset.ok && unset.config.watchRooms).toBeUndefined();
    for (const bad of ['standup', 'zoom:abc', 'bandwidth:../x']) {
      const result = loadConfig({ WATCH_ROOMS: bad });
      expect(!result.ok && result.problems.join()).toMatch(/^WATCH_ROOMS/);
    }
  });

  it('refuses both a shared secret and a JWKS URL', () => {
    const result = loadConfig({ AUTH_JWT_SECRET: 'x'.repeat(40), AUTH_JWKS_URL: 'https://idp.example.com/jwks' });
    expect(result.ok).toBe(false);
  });
});
