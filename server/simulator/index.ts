import { randomBytes } from 'node:crypto';
import { seededRandom } from './random';
import { startSimulatorHost, type SimulatorHandle } from './host';
import { createProconfSimulator } from './proconf';
import type { ProconfWorld } from './proconf/world';
import { createBandwidthSimulator } from './bandwidth';
import type { BandwidthWorld } from './bandwidth/world';
import { createCometChatSimulator } from './cometchat';
import type { CometChatWorld } from './cometchat/world';
import { createTencentSimulator } from './tencent';
import type { TencentWorld } from './tencent/world';
import type { ProviderId } from '../../src/contract/ids';
import type { VendorSimulator } from './types';

export interface SimulatorOptions {
  seed?: number;
  port?: number;
  /** Scenario step interval in ms; 0 for a frozen world that tests step by hand. Default 1000. */
  tickMs?: number;
  /** Start time of the scenario; fixed in tests for determinism. */
  start?: Date;
}

export interface Simulator extends SimulatorHandle {
  proconf: ProconfWorld;
  bandwidth: BandwidthWorld;
  cometchat: CometChatWorld;
  tencent: TencentWorld;
  /**
   * Calls of the vendors that cannot list their rooms (Bandwidth, Tencent): the overview can
   * only show them once pinned, so start-up prints where they are. They never end.
   */
  unlistedDemoCalls(): { provider: ProviderId; callId: string }[];
}

/**
 * The embedded stand-in for every vendor admin API, over real loopback HTTP. Each vendor gets
 * its own random stream derived from the seed so that adding a vendor does not change another's
 * scenario. Credentials are random per start and handed to the BFF through vendorConfigs.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 1;
  const start = options.start ?? new Date();
  const proconf = createProconfSimulator({
    random: seededRandom(seed * 7919 + 1),
    start,
    token: randomBytes(18).toString('base64url'),
  });
  const bandwidth = createBandwidthSimulator({
    random: seededRandom(seed * 7919 + 2),
    start,
    userId: `u-${randomBytes(9).toString('hex')}`,
    apiToken: `t-${randomBytes(12).toString('hex')}`,
    apiSecret: randomBytes(24).toString('base64url'),
  });
  const cometchat = createCometChatSimulator({
    random: seededRandom(seed * 7919 + 3),
    start,
    appId: randomBytes(7).toString('hex'),
    apiKey: randomBytes(20).toString('hex'),
  });
  const tencent = createTencentSimulator({
    random: seededRandom(seed * 7919 + 4),
    sdkAppId: 1_400_000_000 + randomBytes(3).readUIntBE(0, 3),
    secretKey: randomBytes(32).toString('hex'),
    adminId: 'administrator',
  });
  const vendors: VendorSimulator[] = [proconf, bandwidth, cometchat, tencent];
  const handle = await startSimulatorHost({
    vendors,
    ...(options.port === undefined ? {} : { port: options.port }),
    tickMs: options.tickMs ?? 1000,
  });
  return {
    ...handle,
    proconf: proconf.world,
    bandwidth: bandwidth.world,
    cometchat: cometchat.world,
    tencent: tencent.world,
    unlistedDemoCalls: () => [
      ...[...bandwidth.world.conferences.values()]
        .filter((c) => c.anchor)
        .map((c) => ({ provider: 'bandwidth' as const, callId: c.id })),
      ...[...tencent.world.calls.values()]
        .filter((c) => c.anchor)
        .map((c) => ({ provider: 'tencent' as const, callId: c.callId })),
    ],
  };
}
