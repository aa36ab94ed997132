import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vendorPolicy } from '../../../server/config';
import { createLogger } from '../../../server/logger';
import { createProviders, type ProviderSet } from '../../../server/providers/registry';
import { startSimulator, type Simulator } from '../../../server/simulator';
import { testConfig } from '../../support/support';

/**
 * A ProCONF account with more meetings than fit in 1 MB (about 8,000): with history on, every
 * room's snapshot needs the meeting list, so it must still be read and each room found in it.
 */
const MEETINGS = 10_000;

describe('ProCONF with a large account', () => {
  let sim: Simulator;
  let providers: ProviderSet;

  beforeAll(async () => {
    sim = await startSimulator({ tickMs: 0, seed: 1 });
    const now = new Date();
    for (let i = 0; i < MEETINGS; i += 1) sim.proconf.open(`big-${i}`, now);
    const config = testConfig({ SIMULATOR: 'on', LOG_LEVEL: 'silent' });
    providers = createProviders(
      { upstream: {}, simulator: sim.vendorConfigs },
      { policyOf: (vendor) => vendorPolicy(vendor, config.upstream), logger: createLogger('silent') },
    );
  });
  afterAll(async () => {
    await providers.close();
    await sim.close();
  });

  it('lists every live meeting and answers each room\'s snapshot from the list', async () => {
    const proconf = providers.get('proconf');
    if (!proconf?.listRooms) throw new Error('no ProCONF listing');
    const listed = await proconf.listRooms();
    expect(listed.filter((room) => room.callId.startsWith('big-'))).toHaveLength(MEETINGS);
    for (const callId of ['big-0', `big-${MEETINGS - 1}`]) {
      const snapshot = await proconf.getSnapshot(callId);
      expect(snapshot).toMatchObject({ callId, state: 'active', stale: false });
      expect(snapshot.startedAt).not.toBeNull();
    }
    // A listing's caller may reorder what it got: the next listing is unchanged.
    listed.reverse();
    expect((await proconf.listRooms())[0]?.callId).not.toBe(listed[0]?.callId);
  });
});
