import type { ProviderId } from '../../src/contract/ids';
import { BUILTIN_VENDORS } from '../providers/catalog';
import type { BandwidthVendorConfig } from '../providers/bandwidth/config';
import type { CometChatVendorConfig } from '../providers/cometchat/config';
import type { ProconfVendorConfig } from '../providers/proconf/config';
import type { TencentVendorConfig } from '../providers/tencent/config';
import type { VendorModule } from '../providers/vendorModule';
import { webhookSigner } from '../push/sender';
import { BUILTIN_SIMULATORS } from './catalog';
import { seededRandom } from './random';
import { startSimulatorHost, type SimulatorHandle } from './host';
import { BandwidthWorld } from './bandwidth/world';
import { CometChatWorld } from './cometchat/world';
import { ProconfWorld } from './proconf/world';
import { TencentWorld } from './tencent/world';
import type { SimulatorCatalog } from './types';

export interface SimulatorOptions {
  seed?: number;
  port?: number;
  /** Scenario step interval in ms; 0 for a frozen world that tests step by hand. Default 1000. */
  tickMs?: number;
  /** Start time of the scenario; fixed in tests for determinism. */
  start?: Date;
  /** The vendors to simulate, those of them with a simulator in `simulators`; default the built-in four. */
  vendors?: readonly VendorModule[];
  /** The simulators attached to those vendors, by id; default BUILTIN_SIMULATORS. */
  simulators?: SimulatorCatalog;
}

/**
 * The simulated vendors' configs by id. The built-in ids are typed for tests and tools that
 * reach for one vendor's credentials; every entry was made by its own module's simulator.
 */
export type SimulatedConfigs = Readonly<Record<ProviderId, unknown>> & {
  readonly proconf?: ProconfVendorConfig;
  readonly bandwidth?: BandwidthVendorConfig;
  readonly cometchat?: CometChatVendorConfig;
  readonly tencent?: TencentVendorConfig;
};

export interface Simulator extends SimulatorHandle {
  vendorConfigs: SimulatedConfigs;
  /** The built-in vendors' worlds; reading one that is not simulated throws. */
  readonly proconf: ProconfWorld;
  readonly bandwidth: BandwidthWorld;
  readonly cometchat: CometChatWorld;
  readonly tencent: TencentWorld;
  /**
   * Calls of the vendors that cannot list their rooms (Bandwidth, Tencent): the overview can
   * only show them once pinned, so start-up prints where they are. They never end.
   */
  unlistedDemoCalls(): { provider: ProviderId; callId: string }[];
  /**
   * The demo's webhook secrets (simulator on, nothing configured): a fresh one for each
   * simulated vendor that can send webhooks, by id, each of the vendor's own kind.
   */
  demoWebhookSecrets(): Record<ProviderId, unknown>;
  /**
   * From now on, every simulated vendor with a secret in `secrets` sends its webhooks to
   * `${bffOrigin}/hooks/<vendor>`, signed by its module's push part with that secret. Called
   * once the BFF listens (start.ts).
   */
  sendWebhooksTo(bffOrigin: string, secrets: Readonly<Record<ProviderId, unknown>>): void;
}

/**
 * The embedded stand-in for every vendor admin API, over real loopback HTTP. Each vendor gets
 * its own random stream derived from the seed and its place in the list, so that adding a
 * vendor at the end does not change another's scenario. Credentials are random per start and
 * handed to the BFF through vendorConfigs.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 1;
  const start = options.start ?? new Date();
  const simulators = options.simulators ?? BUILTIN_SIMULATORS;
  // The stream follows the vendor's place in the list, simulated or not, so one vendor left
  // unsimulated does not change another's scenario.
  const attached = (options.vendors ?? BUILTIN_VENDORS).flatMap((vendor, index) => {
    const spec = simulators[vendor.id];
    return spec ? [{ vendor, spec, sim: spec.create({ random: seededRandom(seed * 7919 + index + 1), start }) }] : [];
  });
  const mounted = attached.map(({ sim }) => sim);
  const handle = await startSimulatorHost({
    vendors: mounted,
    ...(options.port === undefined ? {} : { port: options.port }),
    tickMs: options.tickMs ?? 1000,
  });
  const worldOf = <W>(kind: abstract new (...args: never[]) => W, name: string): W => {
    const world = mounted.map((sim) => sim.world).find((w): w is W & object => w instanceof kind);
    if (!world) throw new Error(`${name} is not simulated here`);
    return world;
  };
  const closing = new AbortController();
  const deliveries = { pending: new Set<Promise<void>>(), signal: closing.signal };
  const stops: (() => void)[] = [];
  return {
    ...handle,
    async close() {
      for (const stop of stops.splice(0)) stop();
      closing.abort();
      await handle.close();
      await Promise.allSettled([...deliveries.pending]);
    },
    demoWebhookSecrets() {
      const secrets: Record<ProviderId, unknown> = {};
      for (const { vendor, spec, sim } of attached) {
        if (!vendor.push || !sim.sendWebhooks || !spec.demoWebhookSecret) continue;
        secrets[vendor.id] = spec.demoWebhookSecret(handle.vendorConfigs[vendor.id]);
      }
      return secrets;
    },
    sendWebhooksTo(bffOrigin, secrets) {
      for (const { vendor, sim } of attached) {
        if (!(vendor.id in secrets) || !vendor.push || !sim.sendWebhooks) continue;
        const sign = webhookSigner(vendor.push, secrets[vendor.id]);
        stops.push(sim.sendWebhooks({ url: `${bffOrigin}/hooks/${vendor.id}`, sign }, deliveries));
      }
    },
    // Each entry is its own module's simulator's config, so the built-in ids hold their types.
    vendorConfigs: handle.vendorConfigs as SimulatedConfigs,
    get proconf() {
      return worldOf(ProconfWorld, 'ProCONF');
    },
    get bandwidth() {
      return worldOf(BandwidthWorld, 'Bandwidth');
    },
    get cometchat() {
      return worldOf(CometChatWorld, 'CometChat');
    },
    get tencent() {
      return worldOf(TencentWorld, 'Tencent');
    },
    unlistedDemoCalls: () => mounted.flatMap((sim) => (sim.demoCalls?.() ?? []).map((callId) => ({ provider: sim.vendor, callId }))),
  };
}
