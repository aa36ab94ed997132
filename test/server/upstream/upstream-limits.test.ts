import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, sleep, type Harness } from '../../support/upstreamHarness';

describe('bulkhead over real HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ UPSTREAM_MAX_IN_FLIGHT: '2', UPSTREAM_QUEUE_SIZE: '1', UPSTREAM_BREAKER_FAILURES: '1000' });
  });
  afterAll(() => h.close());

  it('keeps at most N requests at the vendor, queues a few and refuses the rest with 503 at once', async () => {
    h.sim.setFault('proconf', { mode: 'slow', delayMs: 400 });
    h.sim.requests.clear();
    const rooms = ['standup', 'design-review', 'all-hands', 'incident-2291', 'retro-week-46', 'extra-room'];
    const started = performance.now();
    const timed = await Promise.all(
      rooms.map(async (room) => {
        const res = await h.get(`/api/calls/proconf/${room}/catch-up`);
        return { status: res.status, ms: performance.now() - started };
      }),
    );
    h.sim.clearFaults();
    const refused = timed.filter((t) => t.status === 503);
    const served = timed.filter((t) => t.status === 200);
    expect(refused).toHaveLength(3);
    expect(served).toHaveLength(3);
    // Refused at once: before the slow vendor answered any of the admitted ones.
    expect(Math.max(...refused.map((t) => t.ms))).toBeLessThan(Math.min(...served.map((t) => t.ms)));
    const arrivals = h.sim.requests.all('proconf').map((r) => r.at);
    expect(arrivals).toHaveLength(3);
    // Two went at once; the queued third only after one of them came back.
    const [first = 0, , third = 0] = [...arrivals].sort((a, b) => a - b);
    expect(third - first).toBeGreaterThanOrEqual(350);
  });
});

describe('vendor 429 pause over real HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ UPSTREAM_STATUS_TTL_MS: '100', UPSTREAM_CATCHUP_TTL_MS: '0' });
  });
  afterEach(() => h.sim.clearFaults());
  afterAll(() => h.close());

  it('honours Retry-After: no vendor call until then, stale data or 429 meanwhile', async () => {
    const fresh = await h.get('/api/calls/proconf/all-hands');
    expect(fresh.status).toBe(200);
    h.sim.setFault('proconf', { mode: 'rate-limit', retryAfterMs: 1000 });
    await sleep(120);

    const limited = await h.get('/api/calls/proconf/standup/catch-up');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    h.sim.requests.clear();
    const stale = await h.get('/api/calls/proconf/all-hands');
    expect(stale.status).toBe(200);
    expect(((await stale.json()) as { data: { stale: boolean } }).data.stale).toBe(true);
    expect((await h.get('/api/calls/proconf/design-review/catch-up')).status).toBe(429);
    expect(h.sim.requests.count('proconf')).toBe(0);

    h.sim.clearFaults();
    await sleep(1000);
    expect((await h.get('/api/calls/proconf/design-review/catch-up')).status).toBe(200);
    expect(h.sim.requests.count('proconf')).toBe(1);
  });
});

describe('client-side rate limit over real HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    // Defaults: Bandwidth's documented 1 request/s; a Bandwidth request may wait up to 10 s for a token.
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('keeps Bandwidth under 1 request/s by default: a second snapshot waits its turn instead of failing', async () => {
    const conferences = [...h.sim.bandwidth.conferences.values()];
    const standby = conferences.find((c) => c.tag === 'standby');
    const support = conferences.find((c) => c.tag === 'support-bridge');
    if (!standby || !support) throw new Error('demo conferences missing');
    h.sim.requests.clear();
    // A snapshot is two Bandwidth requests (conference, members): the second waits for its token.
    const started = performance.now();
    expect((await h.get(`/api/calls/bandwidth/${standby.id}`)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    // Three more tokens (conference, members, and the one active member's call for its
    // recording flag): queued (Bandwidth may wait up to 10 s for one), then served.
    expect((await h.get(`/api/calls/bandwidth/${support.id}`)).status).toBe(200);
    const arrivals = h.sim.requests.all('bandwidth').map((r) => r.at);
    expect(h.sim.requests.all('bandwidth').map((r) => r.url.split('/').at(-2))).toContain('calls');
    expect(arrivals.length).toBe(5);
    for (let i = 1; i < arrivals.length; i += 1) {
      expect((arrivals[i] ?? 0) - (arrivals[i - 1] ?? 0)).toBeGreaterThanOrEqual(900);
    }
  }, 15_000);
});

describe('a client-side rate limit past its wait', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ UPSTREAM_POLICY: '{"bandwidth":{"rateWaitMs":1500}}' });
  });
  afterAll(() => h.close());

  it('answers 429 with Retry-After at once rather than queueing without end, and sends nothing more than the rate', async () => {
    h.sim.requests.clear();
    const started = performance.now();
    const answers = await Promise.all(
      ['conf-a', 'conf-b', 'conf-c', 'conf-d'].map(async (id) => {
        const res = await h.get(`/api/calls/bandwidth/${id}`);
        return { status: res.status, retryAfter: res.headers.get('retry-after'), ms: performance.now() - started };
      }),
    );
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const answer of refused) {
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(answer.ms).toBeLessThan(1500);
    }
    const arrivals = h.sim.requests.all('bandwidth').map((r) => r.at);
    for (let i = 1; i < arrivals.length; i += 1) {
      expect((arrivals[i] ?? 0) - (arrivals[i - 1] ?? 0)).toBeGreaterThanOrEqual(900);
    }
  });
});
