import { randomBytes } from 'node:crypto';
import { seededRandom } from './random';
import { startSimulatorHost, type SimulatorHandle } from './host';
import { createProconfSimulator } from './proconf';
import type { ProconfWorld } from './proconf/world';
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
  const vendors: VendorSimulator[] = [proconf];
  const handle = await startSimulatorHost({
    vendors,
    ...(options.port === undefined ? {} : { port: options.port }),
    tickMs: options.tickMs ?? 1000,
  });
  return { ...handle, proconf: proconf.world };
}
