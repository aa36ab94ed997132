import type { FastifyBaseLogger } from 'fastify';
import type { ProviderInfo } from '../../src/contract/dashboard';
import type { ProviderId } from '../../src/contract/ids';
import type { UpstreamPolicy } from '../upstream/policy';
import { BUILTIN_VENDORS } from './catalog';
import type { AppServerBackend, Provider } from './types';
import { providerInfo, type VendorModule } from './vendorModule';

export interface ProviderSet {
  all(): Provider[];
  get(id: ProviderId): Provider | undefined;
  /**
   * What backs the ProCONF application-server routes: the adapter of the vendor whose
   * descriptor has `appServer` (ProCONF's), when that vendor is configured.
   */
  proconf: AppServerBackend | undefined;
  close(): Promise<void>;
}

export interface ProviderSources {
  /** Vendors pointed at the real thing: each module's config, by id. */
  upstream: Readonly<Record<ProviderId, unknown>>;
  /** Vendors pointed at the embedded simulator (used for those not configured upstream). */
  simulator: Readonly<Record<ProviderId, unknown>>;
}

export interface CreateProvidersOptions {
  logger: FastifyBaseLogger;
  /** Each vendor's resolved policy (the composition root resolves them from config). */
  policyOf(module: VendorModule): UpstreamPolicy;
  /** Default: the built-in four. */
  vendors?: readonly VendorModule[];
  /** Whether this BFF receives the vendor's webhooks (its receiver's secret is configured). */
  pushOn?(id: ProviderId): boolean;
}

/** Builds one adapter per configured vendor, in list order; a vendor configured for real wins over the simulator. */
export function createProviders(sources: ProviderSources, options: CreateProvidersOptions): ProviderSet {
  const providers = new Map<ProviderId, Provider>();
  let appServer: AppServerBackend | undefined;
  for (const vendor of options.vendors ?? BUILTIN_VENDORS) {
    const source: ProviderInfo['source'] | undefined =
      vendor.id in sources.upstream ? 'upstream' : vendor.id in sources.simulator ? 'simulator' : undefined;
    if (!source) continue;
    const config = source === 'upstream' ? sources.upstream[vendor.id] : sources.simulator[vendor.id];
    const deps = { info: providerInfo(vendor, source, options.pushOn?.(vendor.id) ?? false), policy: options.policyOf(vendor), logger: options.logger };
    // Every log line of the adapters names its provider itself, so they share the process logger.
    const provider = vendor.createProvider(config, deps);
    providers.set(vendor.id, provider);
    appServer ??= vendor.appServer?.(provider);
  }
  return {
    all: () => [...providers.values()],
    get: (id) => providers.get(id),
    proconf: appServer,
    async close() {
      await Promise.all([...providers.values()].map((p) => p.close()));
    },
  };
}
