import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHarness, sleep, type Harness } from '../../support/upstreamHarness';

interface Readiness {
  data: { status: string; upstreams: { provider: string; breaker: string }[] };
}

describe('circuit breaker over real HTTP', () => {
  let h: Harness;
  const breaker = async () => {
    const body = (await (await fetch(`${h.bff}/readyz`)).json()) as Readiness;
    return body.data.upstreams.find((u) => u.provider === 'proconf')?.breaker;
  };
  // Catch-up: one upstream request per API call, so failures are easy to count.
  const catchUp = (room: string) => h.get(`/api/calls/proconf/${room}/catch-up`);

  beforeAll(async () => {
    h = await startHarness({
      UPSTREAM_BREAKER_FAILURES: '3',
      UPSTREAM_BREAKER_COOLDOWN_MS: '600',
      UPSTREAM_CATCHUP_TTL_MS: '0',
      UPSTREAM_STALE_IF_ERROR_MS: '0',
      UPSTREAM_TIMEOUT_MS: '400',
    });
  });
  afterEach(async () => {
    h.sim.clearFaults();
    // Leave a closed breaker for the next test: wait out the cool-down and let a probe pass.
    await sleep(650);
    await catchUp('standup');
    await eventually(async () => (await breaker()) === 'closed');
  });
  afterAll(() => h.close());

  it('opens after consecutive vendor failures, then answers at once without calling the vendor', async () => {
    expect(await breaker()).toBe('closed');
    h.sim.setFault('proconf', { mode: 'down' });
    for (let i = 0; i < 3; i += 1) expect((await catchUp('standup')).status).toBe(503);
    expect(await breaker()).toBe('open');
    const readiness = (await (await fetch(`${h.bff}/readyz`)).json()) as Readiness;
    expect(readiness.data.status).toBe('degraded');

    h.sim.requests.clear();
    const started = performance.now();
    const answers = await Promise.all(['standup', 'all-hands', 'design-review'].map(catchUp));
    expect(answers.map((r) => r.status)).toEqual([503, 503, 503]);
    expect(performance.now() - started).toBeLessThan(300);
    expect(h.sim.requests.count('proconf')).toBe(0);
    // The ProCONF routes give their own 500 while the breaker is open.
    expect((await h.get('/callStatus?roomName=standup')).status).toBe(500);
  });

  it('lets one probe through after the cool-down and closes when it succeeds', async () => {
    h.sim.setFault('proconf', { mode: 'error500' });
    for (let i = 0; i < 3; i += 1) await catchUp('all-hands');
    expect(await breaker()).toBe('open');
    await sleep(650);
    h.sim.clearFaults();
    h.sim.requests.clear();
    expect((await catchUp('all-hands')).status).toBe(200);
    expect(h.sim.requests.count('proconf')).toBe(1);
    expect(await breaker()).toBe('closed');
  });

  it('shows half-open while the probe is out, refuses others meanwhile, and reopens when the probe fails', async () => {
    h.sim.setFault('proconf', { mode: 'down' });
    for (let i = 0; i < 3; i += 1) await catchUp('design-review');
    await sleep(650);
    h.sim.setFault('proconf', { mode: 'hang' });
    h.sim.requests.clear();
    const probe = catchUp('design-review');
    await eventually(async () => (await breaker()) === 'half-open');
    expect((await catchUp('standup')).status).toBe(503);
    expect((await probe).status).toBe(504);
    expect(h.sim.requests.count('proconf')).toBe(1);
    expect(await breaker()).toBe('open');
  });

  it('does not count the caller’s mistakes: unknown rooms never open it', async () => {
    for (let i = 0; i < 10; i += 1) expect((await catchUp(`no-such-room-${i}`)).status).toBe(404);
    expect(await breaker()).toBe('closed');
  });
});
