import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../../server/simulator';
import type { TestServer } from '../../support/support';
import { errorBody, read, snapshotIn, startAgainst, useVendorTestBed } from '../../support/vendorSupport';

let server: TestServer;
let sim: Simulator;
let moderator: string;
// Bandwidth's 1 request/s default (tested in upstream-*.test.ts) is set aside: these read many conferences quickly.
useVendorTestBed({ UPSTREAM_POLICY: '{"bandwidth":{"ratePerSecond":null}}' }, (bed) => ({ server, sim, moderator } = bed));

const get = async (path: string, token = moderator, on: TestServer = server) => read(await on.get(path, token));


describe('Bandwidth through /api/calls/bandwidth/:id over real HTTP', () => {
  it('serves a live conference with its members, fetched with HTTP Basic under /v1/users/{userId}/', async () => {
    const conference = [...sim.bandwidth.conferences.values()].find((c) => c.tag === 'weekly-sales');
    if (!conference) throw new Error('demo conference missing');
    const res = await get(`/api/calls/bandwidth/${conference.id}`);
    expect(res.status).toBe(200);
    const snapshot = snapshotIn(res.json);
    expect(snapshot).toMatchObject({
      provider: 'bandwidth',
      callId: conference.id,
      state: 'active',
      media: null,
      // The sales conference's calls record and are transcribed; the first snapshot read one of them.
      recording: 'on',
      transcription: 'on',
      activeParticipants: 3,
      // Catapult times carry whole seconds.
      startedAt: new Date(Math.floor(conference.createdTime.getTime() / 1000) * 1000).toISOString(),
      endedAt: null,
      stale: false,
    });
    expect(snapshot.participants?.map((p) => p.id)).toEqual(conference.members.map((m) => m.id));
    expect(snapshot.participants?.every((p) => p.state === 'joined' && p.muted !== null && p.onHold !== null)).toBe(true);
    const userId = sim.vendorConfigs.bandwidth?.userId ?? '';
    const urls = sim.requests.all('bandwidth').map((r) => r.url);
    expect(urls).toContain(`/bandwidth/v1/users/${userId}/conferences/${conference.id}`);
    expect(urls).toContain(`/bandwidth/v1/users/${userId}/conferences/${conference.id}/members`);
  });

  it('shows a conference without members (`{}` on the wire) as created with an empty list', async () => {
    const conference = [...sim.bandwidth.conferences.values()].find((c) => c.tag === 'standby');
    if (!conference) throw new Error('demo conference missing');
    const res = await get(`/api/calls/bandwidth/${conference.id}`);
    expect(res.status).toBe(200);
    expect(snapshotIn(res.json)).toMatchObject({ state: 'created', participants: [], activeParticipants: 0 });
  });

  it('hides participants from a participant token', async () => {
    const id = sim.bandwidth.ids()[0] ?? '';
    const participant = await get(`/api/calls/bandwidth/${id}`, await server.token({ role: 'participant', rooms: [`bandwidth:${id}`] }));
    expect(participant.status).toBe(200);
    expect(snapshotIn(participant.json).participants).toBeNull();
  });

  it('answers 404 for conference-not-found', async () => {
    const res = await get('/api/calls/bandwidth/conf-doesnotexist');
    expect(res.status).toBe(404);
    expect(res.json).toEqual(errorBody(404, 'Not found'));
  });

  it('answers 503 when Bandwidth refuses the credentials, leaking nothing', async () => {
    const real = sim.vendorConfigs.bandwidth;
    if (!real) throw new Error('no bandwidth simulator');
    const wrong = await startAgainst({
      BANDWIDTH_API_URL: real.url,
      BANDWIDTH_USER_ID: real.userId,
      BANDWIDTH_API_TOKEN: real.apiToken,
      BANDWIDTH_API_SECRET: 'not-the-secret',
    });
    try {
      const id = sim.bandwidth.ids()[0] ?? '';
      const res = await get(`/api/calls/bandwidth/${id}`, moderator, wrong);
      expect(res.status).toBe(503);
      expect(res.json).toEqual(errorBody(503, 'Upstream unavailable'));
      expect(res.text).not.toMatch(/credentials|unauthorized|not-the-secret/i);
      const providers = await get('/api/providers', moderator, wrong);
      expect((providers.json as { data: { id: string; source: string }[] }).data).toEqual([
        expect.objectContaining({ id: 'bandwidth', source: 'upstream' }),
      ]);
      expect(wrong.logs()).toMatch(/"level":50[^\n]*Bandwidth refused our API credentials/);
      expect(wrong.logs()).not.toContain('not-the-secret');
    } finally {
      await wrong.close();
    }
  });

  it.each(['garbage', 'wrong-shape'] as const)('answers 502 for a %s answer, with no vendor text', async (mode) => {
    sim.setFault('bandwidth', { mode });
    const res = await get(`/api/calls/bandwidth/conf-${mode}`);
    expect(res.status).toBe(502);
    expect(res.json).toEqual(errorBody(502, 'Upstream answered badly'));
    expect(res.text).not.toMatch(/html|proxy|unexpected|shape/i);
  });

  it('answers 503 for a vendor 500, with no vendor text', async () => {
    sim.setFault('bandwidth', { mode: 'error500' });
    const res = await get('/api/calls/bandwidth/conf-error500');
    expect(res.status).toBe(503);
    expect(res.text).not.toMatch(/shard|internal-server-error/i);
  });

  it('never sends an invalid or traversal id upstream', async () => {
    const before = sim.requests.count('bandwidth');
    for (const id of ['%2e%2e', '..%2F..%2Fadmin', 'conf-1%2Fmembers', '.hidden', 'conf%3Fx%3D1', 'conf%00', 'a'.repeat(200), '%25252e']) {
      const res = await get(`/api/calls/bandwidth/${id}`);
      expect([400, 404]).toContain(res.status);
    }
    expect(sim.requests.count('bandwidth')).toBe(before);
  });

  // Last on purpose: the BFF then pauses Bandwidth until the Retry-After has passed (issue 5),
  // so any later test that calls Bandwidth through this server would get our 429 instead.
  it('answers 429 with Retry-After from X-RateLimit-Reset', async () => {
    sim.setFault('bandwidth', { mode: 'rate-limit', retryAfterMs: 5000 });
    const res = await get('/api/calls/bandwidth/conf-ratelimited');
    expect(res.status).toBe(429);
    expect(res.json).toEqual(errorBody(429, 'Too many requests'));
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(4);
    expect(retryAfter).toBeLessThanOrEqual(5);
  });
});
