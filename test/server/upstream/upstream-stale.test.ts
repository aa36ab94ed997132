import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FaultMode } from '../../../server/simulator/faults';
import { startHarness, sleep, type Harness } from '../../support/upstreamHarness';

interface SnapshotBody {
  data: { observedAt: string; stale: boolean } | null;
  error: { code: number; message: string } | null;
}

describe('stale-if-error over real HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    // Short TTL and window keep the test fast; a high breaker threshold keeps the breaker out of it.
    h = await startHarness({
      UPSTREAM_STATUS_TTL_MS: '100',
      UPSTREAM_STALE_IF_ERROR_MS: '1000',
      UPSTREAM_BREAKER_FAILURES: '1000',
      UPSTREAM_TIMEOUT_MS: '300',
      // The room list behind snapshots too (the per-vendor JSON override).
      UPSTREAM_POLICY: JSON.stringify({ proconf: { ttlMs: { rooms: 100 } } }),
    });
  });
  afterEach(async () => {
    h.sim.clearFaults();
    await sleep(150);
  });
  afterAll(() => h.close());

  const faults: FaultMode[] = ['down', 'hang', 'error500', 'garbage', 'wrong-shape'];
  it.each(faults)('serves the last good snapshot marked stale while the vendor is %s', async (mode) => {
    const fresh = (await (await h.get('/api/calls/proconf/standup')).json()) as SnapshotBody;
    expect(fresh.data?.stale).toBe(false);
    h.sim.setFault('proconf', { mode });
    await sleep(150);
    const res = await h.get('/api/calls/proconf/standup');
    expect(res.status).toBe(200);
    const stale = (await res.json()) as SnapshotBody;
    expect(stale.data?.stale).toBe(true);
    expect(stale.data?.observedAt).toBe(fresh.data?.observedAt);
  });

  it('serves the ProCONF routes the same body with an Age header, then 500 after the window', async () => {
    const fresh = await h.get('/callStatus?roomName=design-review');
    const freshBody = await fresh.text();
    expect(fresh.headers.get('age')).toBeNull();
    h.sim.setFault('proconf', { mode: 'error500' });
    await sleep(150);
    const stale = await h.get('/callStatus?roomName=design-review');
    expect(stale.status).toBe(200);
    expect(await stale.text()).toBe(freshBody);
    expect(stale.headers.get('age')).toMatch(/^\d+$/);

    await sleep(1000);
    const expired = await h.get('/callStatus?roomName=design-review');
    expect(expired.status).toBe(500);
    expect(await expired.json()).toEqual({ data: null, error: { code: 500, message: 'Internal server error' } });
  });

  it('answers 503 on /api once the last good value is older than the window', async () => {
    await h.get('/api/calls/proconf/all-hands');
    h.sim.setFault('proconf', { mode: 'down' });
    await sleep(1150);
    const res = await h.get('/api/calls/proconf/all-hands');
    expect(res.status).toBe(503);
  });

  it('recovers with fresh data once the vendor answers again', async () => {
    await h.get('/api/calls/proconf/incident-2291');
    h.sim.setFault('proconf', { mode: 'error500' });
    await sleep(150);
    const stale = (await (await h.get('/api/calls/proconf/incident-2291')).json()) as SnapshotBody;
    expect(stale.data?.stale).toBe(true);
    h.sim.clearFaults();
    await sleep(150);
    const fresh = (await (await h.get('/api/calls/proconf/incident-2291')).json()) as SnapshotBody;
    expect(fresh.data?.stale).toBe(false);
    expect(Date.parse(fresh.data?.observedAt ?? '')).toBeGreaterThan(Date.parse(stale.data?.observedAt ?? ''));
  });

  it('does not resurrect a room the vendor says is gone', async () => {
    h.sim.proconf.open('short-lived', new Date());
    expect((await h.get('/api/calls/proconf/short-lived')).status).toBe(200);
    h.sim.proconf.rooms.delete('short-lived');
    await sleep(150);
    expect((await h.get('/api/calls/proconf/short-lived')).status).toBe(404);
  });
});
