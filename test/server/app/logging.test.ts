import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config';
import { startRoomwatch, type Running } from '../../../server/start';
import type { FaultMode } from '../../../server/simulator/faults';
import { BUILTIN_VENDORS } from '../../../server/providers/catalog';
import { captureLog, signToken, TEST_SECRET } from '../../support/security/server';

/**
 * A whole session's worth of traffic, good and bad, against the real server at trace level, then
 * a look through everything it logged for any credential that passed through it.
 */
const log = captureLog();
let server: Running;
const secrets = new Set<string>();

beforeAll(async () => {
  // Demo auth (a printed sign-in link) with a configured SESSION_SECRET, short upstream timeouts.
  const loaded = loadConfig({ PORT: '0', SIMULATOR_PORT: '0', LOG_LEVEL: 'trace', SESSION_SECRET: TEST_SECRET, UPSTREAM_TIMEOUT_MS: '300', HISTORY: 'off' });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  server = await startRoomwatch(loaded.config, { simulatorTickMs: 0, distDir: '/nonexistent-dist', logStream: log.stream });
  secrets.add(TEST_SECRET);
  // Every credential the BFF was handed for the simulated vendors, and the forms they travel in.
  for (const vendor of Object.values(server.simulator?.vendorConfigs ?? {})) {
    for (const [key, value] of Object.entries(vendor as Record<string, unknown>)) {
      if (typeof value === 'string' && /token|secret|key|password/i.test(key)) secrets.add(value);
    }
    const { apiToken, apiSecret } = vendor as { apiToken?: unknown; apiSecret?: unknown };
    if (typeof apiToken === 'string' && typeof apiSecret === 'string') {
      secrets.add(Buffer.from(`${apiToken}:${apiSecret}`).toString('base64'));
    }
  }
});
afterAll(async () => {
  await server?.close();
});

async function fetchText(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(`${server.url}${path}`, { redirect: 'manual', ...init });
  await res.text();
  return res;
}

describe('the server log', () => {
  it('holds no token, cookie value, sign-in code or vendor credential after a full session, failures included', async () => {
    const signIn = server.signInUrl ?? '';
    const code = signIn.split('/auth/')[1] ?? '';
    secrets.add(code);
    expect(secrets.size).toBeGreaterThanOrEqual(3);

    // Sign in with the printed link, then use the cookie.
    const first = await fetchText(new URL(signIn).pathname);
    const setCookie = first.headers.get('set-cookie') ?? '';
    const cookie = setCookie.split(';')[0] ?? '';
    const sessionToken = cookie.split('=')[1] ?? '';
    expect(sessionToken).toMatch(/^eyJ/);
    secrets.add(sessionToken);
    await fetchText(new URL(signIn).pathname); // spent code
    const asModerator = { cookie };
    for (const path of [
      '/api/me',
      '/api/providers',
      '/api/rooms',
      '/api/calls/proconf/standup',
      '/api/calls/proconf/standup/catch-up',
      '/api/calls/proconf/no-such-room',
      '/callStatus?roomName=standup&usersig=query-secret-1&apikey=query-secret-2',
      '/callCatchUp/standup',
      '/callCatchUp?roomName=design-review',
      '/readyz',
    ]) {
      await fetchText(path, { headers: asModerator });
    }
    secrets.add('query-secret-1');
    secrets.add('query-secret-2');

    // Mint a share link and trade it for a session; use it as a bearer token too.
    const minted = await fetch(`${server.url}/api/share-links`, {
      method: 'POST',
      headers: { ...asModerator, origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'proconf', callId: 'standup' }),
    });
    const shareUrl = ((await minted.json()) as { data: { url: string } }).data.url;
    const shareToken = shareUrl.split('#share=')[1] ?? '';
    secrets.add(shareToken);
    await fetchText('/auth/session', { method: 'POST', headers: { origin: server.url, 'content-type': 'application/json' }, body: JSON.stringify({ token: shareToken }) });
    await fetchText('/callStatus?roomName=standup', { headers: { authorization: `Bearer ${shareToken}` } });
    await fetchText('/api/rooms', { headers: { authorization: `Bearer ${shareToken}` } });

    // Bad credentials of every sort.
    const tampered = `${sessionToken.slice(0, -4)}AAAA`;
    const foreign = await signToken({ sub: 'x', role: 'moderator' }, { secret: 'an-attackers-secret-an-attackers-secret' });
    secrets.add(tampered);
    secrets.add(foreign);
    await fetchText('/api/me', { headers: { authorization: `Bearer ${tampered}` } });
    await fetchText('/api/me', { headers: { cookie: `roomwatch_session=${foreign}` } });
    await fetchText('/api/me', { headers: { authorization: 'Basic dXNlcjpodW50ZXIy' } });
    secrets.add('dXNlcjpodW50ZXIy');
    await fetchText('/auth/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: foreign }) });
    await fetchText('/auth/not-a-valid-code-but-secret-looking');
    secrets.add('not-a-valid-code-but-secret-looking');

    // Every simulated vendor failing in every way, as seen through each route that reaches it.
    const vendors = BUILTIN_VENDORS.map((vendor) => vendor.id).filter((id) => server.simulator?.vendorConfigs[id]);
    const modes: FaultMode[] = ['error500', 'garbage', 'wrong-shape', 'rate-limit', 'down', 'hang'];
    for (const mode of modes) {
      for (const vendor of vendors) server.simulator?.setFault(vendor, { mode });
      await fetchText('/api/rooms', { headers: asModerator });
      for (const vendor of vendors) await fetchText(`/api/calls/${vendor}/standup`, { headers: asModerator });
      await fetchText('/callStatus?roomName=all-hands', { headers: asModerator });
      await fetchText('/callCatchUp/incident-2291', { headers: asModerator });
    }
    server.simulator?.clearFaults();
    await fetchText('/auth/sign-out', { method: 'POST', headers: { ...asModerator, origin: server.url, 'content-type': 'application/json' } });

    const text = log.text();
    expect(text).toContain('upstream request failed');
    expect(text).toContain('share link minted');
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      expect(text.includes(secret), `a secret (${secret.slice(0, 4)}…) reached the log`).toBe(false);
    }
    // And nothing that looks like a JWT, a Basic or Bearer credential, or a signature query.
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}/);
    expect(text).not.toMatch(/(Basic|Bearer) [A-Za-z0-9+/=._-]{8,}/);
    expect(text).not.toMatch(/usersig=[^&"\s]/i);
    expect(text).not.toMatch(/roomwatch_session=[^;"\s]/);
  });
});

describe('log redaction', () => {
  it('censors credentials by name wherever a logged object carries them', async () => {
    const { createLogger } = await import('../../../server/logger');
    const sink = captureLog();
    const logger = createLogger('info', sink.stream);
    logger.info({
      headers: { authorization: 'Basic c2VjcmV0LWE6c2VjcmV0LWI=', apikey: 'secret-c', cookie: 'roomwatch_session=secret-d' },
      upstream: { headers: { authorization: 'Bearer secret-e', 'set-cookie': 'a=secret-f' } },
      vendor: { apiToken: 'secret-g', apiSecret: 'secret-h', apiKey: 'secret-i', secretKey: 'secret-j', usersig: 'secret-k' },
    }, 'probe');
    logger.info({ req: { method: 'GET', url: '/callStatus?roomName=a&usersig=secret-l', headers: { authorization: 'Bearer secret-m' } } }, 'probe');
    logger.info({ req: { method: 'GET', url: '/auth/secret-n' } }, 'probe');
    await new Promise((r) => setImmediate(r));
    const text = sink.text();
    expect(text.match(/probe/g)).toHaveLength(3);
    expect(text).not.toMatch(/secret-/);
    expect(text).toContain('[redacted]');
  });
});
