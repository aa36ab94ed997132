import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, sleep, type Harness } from '../../support/upstreamHarness';

describe('coalescing cache over real HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    // A slow vendor keeps the first request in flight while the other 99 arrive.
    h = await startHarness({ UPSTREAM_STATUS_TTL_MS: '1000' });
  });
  afterAll(() => h.close());

  it('answers 100 concurrent polls of one room with a single upstream request', async () => {
    h.sim.setFault('proconf', { mode: 'slow', delayMs: 200 });
    h.sim.requests.clear();
    const answers = await Promise.all(Array.from({ length: 100 }, () => h.get('/callStatus?roomName=standup')));
    h.sim.clearFaults();
    expect(answers.every((res) => res.status === 200)).toBe(true);
    const bodies = new Set(await Promise.all(answers.map((res) => res.text())));
    expect(bodies.size).toBe(1);
    expect(h.sim.requests.count('proconf', '/sessions-status/standup')).toBe(1);
  });

  it('asks the vendor again once the TTL has passed, and keeps rooms apart', async () => {
    h.sim.requests.clear();
    await h.get('/callStatus?roomName=design-review');
    await h.get('/callStatus?roomName=design-review');
    await h.get('/callStatus?roomName=all-hands');
    expect(h.sim.requests.count('proconf', '/sessions-status/design-review')).toBe(1);
    expect(h.sim.requests.count('proconf', '/sessions-status/all-hands')).toBe(1);
    await sleep(1100);
    await h.get('/callStatus?roomName=design-review');
    expect(h.sim.requests.count('proconf', '/sessions-status/design-review')).toBe(2);
  });

  it('shows a change in the room after one TTL', async () => {
    const before = (await (await h.get('/callStatus?roomName=incident-2291')).json()) as { data: { recording_status: boolean } };
    h.sim.proconf.set('incident-2291', { recording: !before.data.recording_status });
    await sleep(1100);
    const after = (await (await h.get('/callStatus?roomName=incident-2291')).json()) as { data: { recording_status: boolean } };
    expect(after.data.recording_status).toBe(!before.data.recording_status);
  });
});
