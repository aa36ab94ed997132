import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomEvent } from '../../../src/contract/history';
import { createLogger } from '../../../server/logger';
import { createProviders, type ProviderSet } from '../../../server/providers/registry';
import { startSimulator, type Simulator } from '../../../server/simulator';
import { vendorPolicy } from '../../../server/config';
import { watchSettings } from '../../../server/watch/config';
import { roomSources, type RoomSources } from '../../../server/watch/sources';
import { createWatcher, type Watcher } from '../../../server/watch/watcher';
import { MemoryHistoryStore } from '../../support/memoryHistoryStore';
import { eventually, sleep } from '../../support/upstreamHarness';
import { testConfig } from '../../support/support';

/**
 * The watcher against the simulator over real loopback HTTP, through the same provider objects
 * (cache, budgets) the API uses: every vendor's wire format becomes history, and a watched room
 * costs the vendor what one viewer of it costs.
 */
describe('watching the simulated vendors', () => {
  let sim: Simulator;
  let providers: ProviderSet;
  let sources: RoomSources;
  const watchers: Watcher[] = [];
  const settings = { ...watchSettings({ WATCH_INTERVAL_MS: 1000, WATCH_IDLE_INTERVAL_MS: 1000, WATCH_IDLE_MINUTES: 15, WATCH_MAX_ROOMS: 500 }), listEveryMs: 60_000 };
  const silent = { info() {}, warn() {}, error() {} };

  beforeAll(async () => {
    sim = await startSimulator({ tickMs: 0, seed: 1 });
    const config = testConfig({ SIMULATOR: 'on', LOG_LEVEL: 'silent' });
    providers = createProviders(
      { upstream: {}, simulator: sim.vendorConfigs },
      { policyOf: (vendor) => vendorPolicy(vendor, config.upstream), logger: createLogger('silent') },
    );
    sources = roomSources(providers, sim.unlistedDemoCalls());
  });
  afterAll(async () => {
    await Promise.all(watchers.map((w) => w.close()));
    await providers.close();
    await sim.close();
  });

  it('writes a baseline for every listed room of every vendor, and a change made at the vendor', async () => {
    const store = new MemoryHistoryStore();
    const watcher = createWatcher({ store, settings, logger: silent, ...sources });
    watchers.push(watcher);
    const listed = await sources.listRooms();
    expect(new Set(listed.map((room) => room.provider))).toEqual(new Set(['proconf', 'bandwidth', 'cometchat', 'tencent']));
    await watcher.start();
    // Bandwidth's 1 request/s paces its first snapshots: two reads each, plus a member call's details.
    await eventually(async () => listed.every((room) => store.allEvents(room)[0]?.kind === 'watch.started'), 15_000);

    const room = listed.find((r) => r.provider === 'proconf');
    if (!room) throw new Error('no ProCONF room listed');
    const baseline = store.allEvents(room)[0] as Extract<RoomEvent, { kind: 'watch.started' }>;
    const to = baseline.recording === 'on' ? 'off' : 'on';
    sim.proconf.set(room.callId, { recording: to === 'on' });
    await eventually(async () => store.allEvents(room).some((e) => e.kind === 'recording' && e.to === to), 8000);
    await watcher.close();
  }, 30_000);

  it('costs the vendor no more requests for a room than one viewer polling it', async () => {
    const room = (await sources.listRooms()).find((r) => r.provider === 'proconf');
    if (!room) throw new Error('no ProCONF room listed');
    const path = `/sessions-status/${room.callId}`;
    const windowMs = 4000;

    sim.requests.clear();
    const end = Date.now() + windowMs;
    while (Date.now() < end) {
      await sources.getSnapshot(room);
      await sleep(settings.intervalMs);
    }
    const viewer = sim.requests.count('proconf', path);

    await sleep(1500);
    const watcher = createWatcher({ store: new MemoryHistoryStore(), settings, logger: silent, ...sources, listRooms: async () => [] });
    watchers.push(watcher);
    sim.requests.clear();
    watcher.touch(room);
    await sleep(windowMs);
    await watcher.close();
    const watched = sim.requests.count('proconf', path);

    expect(viewer).toBeGreaterThanOrEqual(3);
    expect(watched).toBeGreaterThanOrEqual(2);
    expect(watched).toBeLessThanOrEqual(viewer + 1);
  }, 30_000);
});
