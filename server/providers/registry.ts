import type { FastifyBaseLogger } from 'fastify';
import type { ProviderId } from '../../src/contract/ids';
import type { VendorConfigs } from '../config';
import { BandwidthProvider } from './bandwidth/provider';
import { CometChatProvider } from './cometchat/provider';
import { ProconfProvider } from './proconf/provider';
import { TencentProvider } from './tencent/provider';
import type { Provider } from './types';

export interface ProviderSet {
  all(): Provider[];
  get(id: ProviderId): Provider | undefined;
  /** ProCONF is special: it also backs the application-server routes. */
  proconf: ProconfProvider | undefined;
  close(): Promise<void>;
}

export interface ProviderSources {
  /** Vendors pointed at the real thing. */
  upstream: VendorConfigs;
  /** Vendors pointed at the embedded simulator (only those not configured upstream). */
  simulator: VendorConfigs;
}

/** Builds one adapter per configured vendor; a vendor configured for real wins over the simulator. */
export function createProviders(
  sources: ProviderSources,
  options: { timeoutMs: number; logger: FastifyBaseLogger },
): ProviderSet {
  const providers = new Map<ProviderId, Provider>();
  const pick = <K extends keyof VendorConfigs>(key: K) => {
    const real = sources.upstream[key];
    if (real) return { config: real as NonNullable<VendorConfigs[K]>, source: 'upstream' as const };
    const simulated = sources.simulator[key];
    if (simulated) return { config: simulated as NonNullable<VendorConfigs[K]>, source: 'simulator' as const };
    return undefined;
  };

  // Every log line of the adapters names its provider itself, so they share the process logger.
  const common = { timeoutMs: options.timeoutMs, logger: options.logger };
  const proconfChoice = pick('proconf');
  const proconf = proconfChoice ? new ProconfProvider({ ...proconfChoice, ...common }) : undefined;
  if (proconf) providers.set('proconf', proconf);
  const bandwidth = pick('bandwidth');
  if (bandwidth) providers.set('bandwidth', new BandwidthProvider({ ...bandwidth, ...common }));
  const cometchat = pick('cometchat');
  if (cometchat) providers.set('cometchat', new CometChatProvider({ ...cometchat, ...common }));
  const tencent = pick('tencent');
  if (tencent) providers.set('tencent', new TencentProvider({ ...tencent, ...common }));

  return {
    all: () => [...providers.values()],
    get: (id) => providers.get(id),
    proconf,
    async close() {
      await Promise.all([...providers.values()].map((p) => p.close()));
    },
  };
}
