import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { roomListSchema } from '../../../src/contract/dashboard';
import type { Simulator } from '../../../server/simulator';
import type { TestServer } from '../../support/support';
import { errorBody, read, snapshotIn, startAgainst, useVendorTestBed } from '../../support/vendorSupport';

let server: TestServer;
let sim: Simulator;
let moderator: string;
useVendorTestBed({}, (bed) => ({ server, sim, moderator } = bed));

const get = async (path: string, token = moderator, on: TestServer = server) => read(await on.get(path, token));

const ongoing = () => [...sim.cometchat.calls.values()].filter((c) => c.status === 'ongoing');

describe('CometChat through /api/calls/cometchat/:id over real HTTP', () => {
  it('serves an ongoing call with media, recording flags and participants', async () => {
    const call = ongoing().find((c) => c.mode === 'meet');
    if (!call) throw new Error('demo call missing');
    const res = await get(`/api/calls/cometchat/${call.sessionId}`);
    expect(res.status).toBe(200);
    const snapshot = snapshotIn(res.json);
    expect(snapshot).toMatchObject({
      provider: 'cometchat',
      callId: call.sessionId,
      state: 'active',
      media: 'video',
      recording: 'on',
      transcription: 'off',
      activeParticipants: 4,
      startedAt: new Date((call.startedAt ?? 0) * 1000).toISOString(),
      endedAt: null,
    });
    expect(snapshot.participants?.map((p) => p.id)).toEqual(call.participants.map((p) => p.uid));
    expect(sim.requests.all('cometchat').map((r) => r.url)).toContain(`/cometchat/v3/calls/${call.sessionId}`);
  });

  it('shows recording switching on once the cache turns over', async () => {
    const call = ongoing().find((c) => c.mode === 'call' && c.hasTranscription === undefined);
    if (!call) throw new Error('demo call missing');
    const first = snapshotIn((await get(`/api/calls/cometchat/${call.sessionId}`)).json);
    expect(first).toMatchObject({ recording: 'off', transcription: 'unknown' });
    const control = await fetch(`${sim.origin}/__sim/cometchat/calls/${call.sessionId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hasRecording: true, hasTranscription: true }),
    });
    expect(control.status).toBe(200);
    await sleep(1100);
    const second = snapshotIn((await get(`/api/calls/cometchat/${call.sessionId}`)).json);
    expect(second).toMatchObject({ recording: 'on', transcription: 'on' });
  });

  it('lists ongoing calls in /api/rooms from GET /calls?status=ongoing', async () => {
    const res = await get('/api/rooms');
    expect(res.status).toBe(200);
    const rooms = roomListSchema.parse((res.json as { data: unknown }).data).filter((r) => r.provider === 'cometchat');
    expect(rooms.map((r) => r.callId).sort()).toEqual(ongoing().map((c) => c.sessionId).sort());
    expect(rooms.every((r) => r.state === 'active')).toBe(true);
    expect(sim.requests.all('cometchat').some((r) => /\/calls\?status=ongoing&page=1&perPage=100$/.test(r.url))).toBe(true);
  });

  it('answers 404 for an unknown session', async () => {
    const res = await get('/api/calls/cometchat/v1.us.nope.123');
    expect(res.status).toBe(404);
    expect(res.json).toEqual(errorBody(404, 'Not found'));
  });

  it('answers 503 when CometChat refuses the apikey, leaking nothing', async () => {
    const real = sim.vendorConfigs.cometchat;
    if (!real) throw new Error('no cometchat simulator');
    const wrong = await startAgainst({ COMETCHAT_API_URL: real.url, COMETCHAT_API_KEY: 'wrong-api-key' });
    try {
      const call = ongoing()[0];
      const res = await get(`/api/calls/cometchat/${call?.sessionId ?? 'x'}`, moderator, wrong);
      expect(res.status).toBe(503);
      expect(res.json).toEqual(errorBody(503, 'Upstream unavailable'));
      expect(res.text).not.toMatch(/apikey|AUTH_ERR|wrong-api-key/i);
      expect(wrong.logs()).toMatch(/"level":50[^\n]*CometChat refused our apikey/);
      expect(wrong.logs()).not.toContain('wrong-api-key');
      // The overview leaves a failing vendor out instead of failing as a whole.
      const rooms = await get('/api/rooms', moderator, wrong);
      expect(rooms.status).toBe(200);
      expect((rooms.json as { data: unknown[] }).data).toEqual([]);
    } finally {
      await wrong.close();
    }
  });

  it.each(['garbage', 'wrong-shape'] as const)('answers 502 for a %s answer, with no vendor text', async (mode) => {
    sim.setFault('cometchat', { mode });
    const res = await get(`/api/calls/cometchat/v1.us.${mode}.1`);
    expect(res.status).toBe(502);
    expect(res.json).toEqual(errorBody(502, 'Upstream answered badly'));
    expect(res.text).not.toMatch(/html|proxy|unexpected|shape/i);
  });

  it('never sends an invalid or traversal id upstream', async () => {
    const before = sim.requests.count('cometchat');
    for (const id of ['%2e%2e', '..%2Fcalls', 'v1.us%2F..%2Fx', '.v1', 'v1%3Fstatus%3Dongoing', 'v1%23x', 'a'.repeat(129)]) {
      const res = await get(`/api/calls/cometchat/${id}`);
      expect([400, 404]).toContain(res.status);
    }
    expect(sim.requests.count('cometchat')).toBe(before);
  });

  // Last on purpose: the BFF then pauses CometChat until the Retry-After has passed (issue 5),
  // so any later test that calls CometChat through this server would get our 429 instead.
  it('answers 429 with Retry-After from CometChat', async () => {
    sim.setFault('cometchat', { mode: 'rate-limit', retryAfterMs: 7000 });
    const res = await get('/api/calls/cometchat/v1.us.ratelimited.1');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.json).toEqual(errorBody(429, 'Too many requests'));
  });
});
