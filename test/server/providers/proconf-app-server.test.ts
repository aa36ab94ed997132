import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/support';
import { rawGet } from '../../support/raw';

const envelope = (code: number, message: string) => ({ data: null, error: { code, message } });

let server: TestServer;
let moderator: string;
beforeAll(async () => {
  // These tests fail the vendor over and over on purpose and expect each failure to reach it;
  // with the default breaker (5 failures) it would soon answer for the vendor instead.
  // The breaker has its own tests (upstream-breaker.test.ts).
  server = await startTestServer({ UPSTREAM_TIMEOUT_MS: '400', UPSTREAM_BREAKER_FAILURES: '1000' });
  moderator = await server.token({ role: 'moderator' });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.simulator?.clearFaults();
});

describe('GET /callStatus', () => {
  it('answers the live status of a room in ProCONF’s envelope, and follows changes', async () => {
    server.simulator?.proconf.set('standup', { recording: true, transcription: false });
    const res = await server.get('/callStatus?roomName=standup', moderator);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ error: null, data: { transcript_status: false, recording_status: true } });

    server.simulator?.proconf.set('standup', { recording: false, transcription: true });
    await new Promise((r) => setTimeout(r, 1100)); // the status TTL
    const later = await server.get('/callStatus?roomName=standup', moderator);
    expect(await later.json()).toEqual({ error: null, data: { transcript_status: true, recording_status: false } });
  });

  it('sends the admin token upstream and keeps the base URL path prefix', async () => {
    await server.get('/callStatus?roomName=all-hands', moderator);
    const seen = server.simulator?.requests.all('proconf').map((r) => r.url) ?? [];
    expect(seen).toContain('/proconf/api/sessions-status/all-hands');
  });

  it.each([
    ['/callStatus', 'Room name required in query param.'],
    ['/callStatus?roomName=', 'Room name required in query param.'],
    ['/callStatus?roomName=..', 'Invalid room name.'],
    ['/callStatus?roomName=.', 'Invalid room name.'],
    ['/callStatus?roomName=%2e%2e', 'Invalid room name.'],
    ['/callStatus?roomName=a%2Fb', 'Invalid room name.'],
    ['/callStatus?roomName=-leading-dash', 'Invalid room name.'],
    [`/callStatus?roomName=${'r'.repeat(129)}`, 'Invalid room name.'],
    ['/callStatus?roomName=a&roomName=b', 'Invalid room name.'],
  ])('%s → 400 %s, and nothing goes upstream', async (path, message) => {
    const before = server.simulator?.requests.count('proconf') ?? 0;
    const res = await server.get(path, moderator);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(envelope(400, message));
    expect(server.simulator?.requests.count('proconf')).toBe(before);
  });

  it('accepts the whole allow-list alphabet and 128 characters', async () => {
    const res = await server.get(`/callStatus?roomName=${encodeURIComponent('Room_1.2~x:y@z-')}`, moderator);
    // A valid name the admin backend does not know is an upstream failure: 500 on this contract.
    expect(res.status).toBe(500);
    const long = await server.get(`/callStatus?roomName=${'r'.repeat(128)}`, moderator);
    expect(long.status).toBe(500);
  });
});

describe('GET /callCatchUp', () => {
  it('answers the summary text by path and by query', async () => {
    server.simulator?.proconf.set('design-review', { append: '## Late addition\nShip it.' });
    const byPath = (await (await server.get('/callCatchUp/design-review', moderator)).json()) as { data: string };
    expect(byPath.data).toContain('## Late addition\nShip it.');
    const byQuery = await (await server.get('/callCatchUp?roomName=design-review', moderator)).json();
    expect(byQuery).toEqual({ error: null, data: byPath.data });
  });

  it.each(['/callCatchUp/..', '/callCatchUp/%2e%2e', '/callCatchUp/%2E%2E', '/callCatchUp/%2e%2e%2fmeetings', '/callCatchUp/.'])(
    '%s never reaches the admin backend',
    async (target) => {
      const before = server.simulator?.requests.all('proconf').length ?? 0;
      const res = await rawGet(server.url, target, { authorization: `Bearer ${moderator}` });
      expect([400, 404]).toContain(res.status);
      const body = JSON.parse(res.body) as { data: unknown; error: { code: number } };
      expect(body.data).toBeNull();
      expect(body.error.code).toBe(res.status);
      const after = server.simulator?.requests.all('proconf') ?? [];
      expect(after.length).toBe(before);
      expect(after.some((r) => /\.\.|%2e/i.test(r.url))).toBe(false);
    },
  );
});

describe('errors in the ProCONF contract', () => {
  it('401 Unauthorized for a missing, malformed, expired, wrongly signed or alg:none token', async () => {
    const expired = await server.token({ role: 'moderator' }, { expiresIn: '-2m' });
    const wrongSecret = await server.token({ role: 'moderator' }, { secret: 'another-secret-that-is-long-enough-0123456789' });
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'x', role: 'moderator', exp: 9999999999 })).toString('base64url');
    const algNone = `${header}.${payload}.`;
    for (const token of [undefined, 'not-a-jwt', expired, wrongSecret, algNone]) {
      const res = await server.get('/callStatus?roomName=standup', token);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(envelope(401, 'Unauthorized'));
    }
    const basic = await server.get('/callStatus?roomName=standup', undefined, { headers: { authorization: 'Basic dTpw' } });
    expect(basic.status).toBe(401);
  });

  it('accepts a token within the 30 s clock tolerance', async () => {
    const justExpired = await server.token({ role: 'moderator' }, { expiresIn: '-10s' });
    expect((await server.get('/callStatus?roomName=standup', justExpired)).status).toBe(200);
  });

  it('403 Forbidden for a participant outside its rooms; its own room (bare name = ProCONF) works', async () => {
    const participant = await server.token({ role: 'participant', rooms: ['standup'] });
    expect((await server.get('/callStatus?roomName=standup', participant)).status).toBe(200);
    const other = await server.get('/callStatus?roomName=all-hands', participant);
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual(envelope(403, 'Forbidden'));
    expect((await server.get('/callCatchUp/all-hands', participant)).status).toBe(403);
  });

  it('404 Not found for an unknown URL or a wrong method, including POST /callStatus', async () => {
    for (const [method, path] of [
      ['POST', '/callStatus?roomName=standup'],
      ['DELETE', '/callCatchUp/standup'],
      ['GET', '/callStatus/extra'],
      ['GET', '/nope'],
    ] as const) {
      const res = await rawGet(server.url, path, { authorization: `Bearer ${moderator}` }, method);
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body)).toEqual(envelope(404, 'Not found'));
    }
  });

  it.each(['error500', 'garbage', 'wrong-shape', 'down', 'rate-limit'] as const)(
    'upstream fault %s → 500 Internal server error with no vendor text',
    async (mode) => {
      // Retry-After: 0, so the BFF's pause after a vendor 429 does not reach into the next test.
      server.simulator?.setFault('proconf', { mode, retryAfterMs: 0 });
      const res = await server.get('/callStatus?roomName=incident-2291', moderator);
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual(envelope(500, 'Internal server error'));
      expect(text).not.toMatch(/db connection|html|proxy|unexpected|stack/i);
      const catchUp = await server.get('/callCatchUp/incident-2291', moderator);
      expect(catchUp.status).toBe(500);
    },
  );

  it('an upstream that hangs gives 500 within the timeout plus 1 s', async () => {
    server.simulator?.setFault('proconf', { mode: 'hang' });
    const started = Date.now();
    const res = await server.get('/callStatus?roomName=design-review', moderator);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(500);
    expect(elapsed).toBeLessThan(400 + 1000);
  });

  it('logs each upstream failure once, with its cause and without secrets', async () => {
    server.simulator?.setFault('proconf', { mode: 'garbage' });
    const before = server.logs().split('\n').length;
    // A room no other test reads, so the answer cannot come from the status cache.
    expect((await server.get('/callStatus?roomName=retro-week-46', moderator)).status).toBe(500);
    const lines = server.logs().split('\n').slice(before - 1).filter((l) => l.includes('upstream request failed'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"kind":"bad_answer"');
    expect(server.logs()).not.toContain(moderator);
    const adminToken = server.simulator?.vendorConfigs.proconf?.token ?? 'missing';
    expect(server.logs()).not.toContain(adminToken);
  });
});

describe('an admin backend that refuses connections', () => {
  it('gives 500 on the ProCONF routes and 503 on the dashboard API', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
      });
    });
    const offline = await startTestServer({ PROCONF_ADMIN_URL: `http://127.0.0.1:${port}/api`, SIMULATOR: 'off' });
    try {
      const token = await offline.token({ role: 'moderator' });
      const status = await offline.get('/callStatus?roomName=standup', token);
      expect(status.status).toBe(500);
      expect(await status.json()).toEqual(envelope(500, 'Internal server error'));
      const api = await offline.get('/api/calls/proconf/standup', token);
      expect(api.status).toBe(503);
      expect(await api.json()).toEqual(envelope(503, 'Upstream unavailable'));
    } finally {
      await offline.close();
    }
  });
});
