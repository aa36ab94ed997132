import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../server/simulator';
import { CometChatProvider, MAX_LIST_PAGES } from '../../../server/providers/cometchat/provider';
import { PAGE_SIZE } from '../../../server/providers/cometchat/client';
import { cometChatVendor } from '../../../server/providers/cometchat';
import { providerInfo } from '../../../server/providers/vendorModule';
import { BASE_POLICY } from '../../../server/upstream/policy';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ tickMs: 0 });
});
afterAll(async () => {
  await sim.close();
});

describe('CometChat room listing', () => {
  it('walks meta.pagination page by page, but never past the page bound', async () => {
    const config = sim.vendorConfigs.cometchat;
    if (!config) throw new Error('no cometchat simulator');
    const provider = new CometChatProvider({
      config,
      info: providerInfo(cometChatVendor, 'simulator'),
      policy: { ...BASE_POLICY, timeoutMs: 2000 },
      logger: pino({ level: 'silent' }),
    });
    try {
      const now = new Date();
      // Far more ongoing calls than the bound allows to list.
      for (let i = 0; i < PAGE_SIZE * MAX_LIST_PAGES + 150; i += 1) sim.cometchat.join(sim.cometchat.open(now, 'audio', 'call', false), now);
      const before = sim.requests.count('cometchat');
      const rooms = await provider.listRooms();
      expect(sim.requests.count('cometchat') - before).toBe(MAX_LIST_PAGES);
      expect(rooms).toHaveLength(PAGE_SIZE * MAX_LIST_PAGES);
      expect(new Set(rooms.map((r) => r.callId)).size).toBe(rooms.length);
      expect(rooms.every((r) => r.provider === 'cometchat' && r.state === 'active')).toBe(true);
      // A second overview poll within the TTL is served from the cache.
      await provider.listRooms();
      expect(sim.requests.count('cometchat') - before).toBe(MAX_LIST_PAGES);
    } finally {
      await provider.close();
    }
  });
});
