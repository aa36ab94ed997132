import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../../server/simulator';
import type { TestServer } from '../../support/support';
import { errorBody, read, snapshotIn, startAgainst, useVendorTestBed } from '../../support/vendorSupport';

let server: TestServer;
let sim: Simulator;
let moderator: string;
useVendorTestBed({}, (bed) => ({ server, sim, moderator } = bed));

const get = async (path: string, token = moderator, on: TestServer = server) => read(await on.get(path, token));

const calls = () => [...sim.tencent.calls.values()];

describe('Tencent through /api/calls/tencent/:id over real HTTP', () => {
  it('serves a live call: POST get_call_info with a verified UserSig, Calling → joined, Waiting → waiting', async () => {
    const call = calls().find((c) => c.mediaType === 'Video');
    if (!call) throw new Error('demo call missing');
    const res = await get(`/api/calls/tencent/${call.callId}`);
    expect(res.status).toBe(200);
    const snapshot = snapshotIn(res.json);
    expect(snapshot).toMatchObject({
      provider: 'tencent',
      callId: call.callId,
      state: 'active',
      media: 'video',
      // recording and transcription come from TRTC callbacks, which the demo sends (push-hooks.test.ts).
      activeParticipants: call.users.filter((u) => u.status === 'Calling').length,
      startedAt: null,
      endedAt: null,
    });
    expect(snapshot.participants).toEqual(
      call.users.map((u) => ({
        id: u.account,
        state: u.status === 'Calling' ? 'joined' : 'waiting',
        joinedAt: null,
        leftAt: null,
        muted: null,
        onHold: null,
      })),
    );
    const sent = sim.requests.all('tencent').at(-1);
    expect(sent?.method).toBe('POST');
    const url = new URL(sent?.url ?? '', 'http://x');
    expect(url.pathname).toBe('/tencent/v4/call_engine_http_srv/get_call_info');
    expect(url.searchParams.get('sdkappid')).toBe(String(sim.vendorConfigs.tencent?.sdkAppId));
    expect(url.searchParams.get('identifier')).toBe('administrator');
    expect(url.searchParams.get('contenttype')).toBe('json');
    const random = Number(url.searchParams.get('random'));
    expect(Number.isInteger(random) && random >= 0 && random <= 4294967295).toBe(true);
    const usersig = url.searchParams.get('usersig') ?? '';
    expect(usersig.length).toBeGreaterThan(50);
    // The UserSig is a credential: never in the BFF's log.
    expect(server.logs()).not.toContain(usersig);
  });

  it('is ringing while everyone is still Waiting', async () => {
    const call = calls().find((c) => c.users.length > 0 && c.users.every((u) => u.status === 'Waiting'));
    if (!call) throw new Error('demo call missing');
    const res = await get(`/api/calls/tencent/${call.callId}`);
    expect(snapshotIn(res.json)).toMatchObject({ state: 'ringing', activeParticipants: 0 });
  });

  it('answers 404 with our own message for 101004 (no such call, or ended)', async () => {
    const res = await get('/api/calls/tencent/00000000-0000-4000-a000-000000000000');
    expect(res.status).toBe(404);
    expect(res.json).toEqual(errorBody(404, 'Not found'));
  });

  it('answers 503 when Tencent refuses our UserSig (wrong secret key), logged at error level, leaking nothing', async () => {
    const real = sim.vendorConfigs.tencent;
    if (!real) throw new Error('no tencent simulator');
    const wrong = await startAgainst({
      TENCENT_API_URL: real.url,
      TENCENT_SDKAPPID: String(real.sdkAppId),
      TENCENT_SECRET_KEY: 'this-is-not-the-secret-key',
    });
    try {
      const res = await get(`/api/calls/tencent/${calls()[0]?.callId ?? 'x'}`, moderator, wrong);
      expect(res.status).toBe(503);
      expect(res.json).toEqual(errorBody(503, 'Upstream unavailable'));
      expect(res.text).not.toMatch(/UserSig|700\d\d|verification/i);
      expect(wrong.logs()).toMatch(/"level":50[^\n]*Tencent refused our UserSig/);
      expect(wrong.logs()).not.toContain('this-is-not-the-secret-key');
      expect(wrong.logs()).not.toMatch(/usersig=/i);
    } finally {
      await wrong.close();
    }
  });

  it('answers 503 for 101001 (internal error), with no vendor text', async () => {
    sim.setFault('tencent', { mode: 'error500' });
    const res = await get('/api/calls/tencent/internal-error-call');
    expect(res.status).toBe(503);
    expect(res.text).not.toMatch(/callengine|10\.0\.3\.7/);
  });

  it.each(['garbage', 'wrong-shape'] as const)('answers 502 for a %s answer, with no vendor text', async (mode) => {
    sim.setFault('tencent', { mode });
    const res = await get(`/api/calls/tencent/${mode}-call`);
    expect(res.status).toBe(502);
    expect(res.json).toEqual(errorBody(502, 'Upstream answered badly'));
    expect(res.text).not.toMatch(/html|proxy|unexpected|shape/i);
  });

  it('never sends an invalid or traversal id upstream', async () => {
    const before = sim.requests.count('tencent');
    for (const id of ['%2e%2e', '..%2F..%2Fv4', '%7B%22CallId%22%3A1%7D', 'x%22%2C%22y', '-leading-dash', 'a'.repeat(129)]) {
      const res = await get(`/api/calls/tencent/${id}`);
      expect([400, 404]).toContain(res.status);
    }
    expect(sim.requests.count('tencent')).toBe(before);
  });

  // Last on purpose: the BFF then pauses Tencent until the Retry-After has passed (issue 5),
  // so any later test that calls Tencent through this server would get our 429 instead.
  it('answers 429 with Retry-After for Tencent rate-limit codes (HTTP 200 on the wire)', async () => {
    sim.setFault('tencent', { mode: 'rate-limit' });
    const res = await get('/api/calls/tencent/rate-limited-call');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.json).toEqual(errorBody(429, 'Too many requests'));
  });
});
