import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderId } from '../../../src/contract/ids';
import { eventually, startHarness, type Harness } from '../../support/upstreamHarness';

interface SnapshotBody {
  data: { observedAt: string; stale: boolean } | null;
}

/**
 * The discipline lives in UpstreamClient and ReadCache, so every adapter has it without naming
 * a policy: stale-if-error and the breaker, checked here on the other vendors' adapters.
 */
describe('every vendor adapter gets the upstream discipline', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      UPSTREAM_STALE_IF_ERROR_MS: '5000',
      UPSTREAM_BREAKER_FAILURES: '2',
      UPSTREAM_BREAKER_COOLDOWN_MS: '60000',
    });
  });
  afterEach(() => h.sim.clearFaults());
  afterAll(() => h.close());

  const firstId = (vendor: ProviderId): string => {
    const ids = vendor === 'bandwidth' ? h.sim.bandwidth.ids() : vendor === 'cometchat' ? h.sim.cometchat.ids() : h.sim.tencent.ids();
    return ids[0] ?? '';
  };
  const breakerOf = async (vendor: ProviderId) => {
    const body = (await (await fetch(`${h.bff}/readyz`)).json()) as { data: { upstreams: { provider: string; breaker: string }[] } };
    return body.data.upstreams.find((u) => u.provider === vendor)?.breaker;
  };

  it.each(['bandwidth', 'cometchat', 'tencent'] as const)('%s: stale snapshot while failing, then its breaker opens', async (vendor) => {
    const path = `/api/calls/${vendor}/${firstId(vendor)}`;
    const fresh = (await (await h.get(path)).json()) as SnapshotBody;
    expect(fresh.data?.stale).toBe(false);
    h.sim.setFault(vendor, { mode: 'error500' });
    // Past the adapter's own TTL (at most 2 s), the refresh fails and the last good value is served.
    await eventually(async () => ((await (await h.get(path)).json()) as SnapshotBody).data?.stale === true, 4000);
    const stale = (await (await h.get(path)).json()) as SnapshotBody;
    expect(stale.data?.observedAt).toBe(fresh.data?.observedAt);
    // Failed refreshes count against this vendor only.
    await eventually(async () => {
      await h.get(path);
      return (await breakerOf(vendor)) === 'open';
    }, 6000);
    expect(await breakerOf('proconf')).toBe('closed');
  });
});
