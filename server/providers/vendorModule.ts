import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { Capabilities, ProviderInfo } from '../../src/contract/dashboard';
import type { ProviderId } from '../../src/contract/ids';
import type { PolicyOverride, UpstreamPolicy } from '../upstream/policy';
import type { AppServerBackend, Provider } from './types';
import type { VendorPush } from './webhooks/vendorPush';

/** What the composition root hands a vendor's createProvider. */
export interface ProviderDeps {
  /** id, label, capabilities and where this instance talks to (`upstream` or `simulator`). */
  info: ProviderInfo;
  /** This vendor's resolved policy (resolvePolicy): for its UpstreamClient and ReadCaches. */
  policy: UpstreamPolicy;
  logger: FastifyBaseLogger;
}

/** One vendor's part of the environment, read. */
export type VendorEnvResult<Config, Secret = never> =
  | {
      ok: true;
      /** undefined: the vendor is not switched on (its URL variable is unset). */
      config: Config | undefined;
      /** The vendor's own policy variables (e.g. BANDWIDTH_RATE_PER_SECOND), read even when off. */
      policy: PolicyOverride;
      /** The webhook secret (e.g. BANDWIDTH_WEBHOOK_USER/PASSWORD): its receiver is on only with it. */
      push?: Secret;
    }
  | { ok: false; problems: string[] };

/**
 * Everything roomwatch knows about one vendor, in one value exported by
 * server/providers/<id>/index.ts: reading (createProvider), its environment, its policy, and
 * its webhooks (`push`). Configuration, policy resolution, the provider registry and the
 * webhook receivers all loop over a list of these (catalog.ts), so a new vendor is a new
 * folder plus one entry in that list, or a module handed to loadConfig. Its simulator is not
 * part of it: simulators are attached where the app is wired (server/simulator/catalog.ts).
 *
 * Methods (not function-valued properties) on purpose: a list of modules with different
 * Config and Secret types is a `VendorModule[]`, and each config or secret only ever meets the
 * module that read it.
 */
export interface VendorModule<Config = unknown, Secret = unknown> {
  readonly id: ProviderId;
  readonly label: string;
  readonly capabilities: Capabilities;
  /** The vendor's own environment variables (e.g. BANDWIDTH_*), checked with the rest of the environment. */
  readonly envSchema: z.ZodObject;
  /** Reads this vendor's variables: its config and webhook secret, or problems naming each variable. */
  readConfig(env: Readonly<Record<string, string | undefined>>): VendorEnvResult<Config, Secret>;
  /** What the vendor documents (rate limits and the waits that go with them); see resolvePolicy. */
  readonly policyDefaults: PolicyOverride;
  createProvider(config: Config, deps: ProviderDeps): Provider;
  /** For vendors that call back: how their webhooks are verified, read and signed. */
  readonly push?: VendorPush<Secret>;
  /**
   * The vendor that backs the ProCONF application-server routes says so here: its adapter's
   * reads in ProCONF's shapes. At most one vendor in a list has it.
   */
  appServer?(provider: Provider): AppServerBackend | undefined;
}

/**
 * Builds a module's readConfig from its env schema and a function of the parsed variables, so
 * a vendor writes only what is particular to it: which variables switch it on, which go together.
 */
export function defineVendor<Schema extends z.ZodObject, Config, Secret = never>(spec: {
  id: ProviderId;
  label: string;
  capabilities: Capabilities;
  envSchema: Schema;
  fromEnv(env: z.infer<Schema>): VendorEnvResult<Config, Secret>;
  policyDefaults: PolicyOverride;
  createProvider(config: Config, deps: ProviderDeps): Provider;
  push?: VendorPush<Secret>;
  appServer?(provider: Provider): AppServerBackend | undefined;
}): VendorModule<Config, Secret> {
  const { fromEnv, ...rest } = spec;
  return {
    ...rest,
    readConfig(env) {
      const parsed = spec.envSchema.safeParse(env);
      if (!parsed.success) {
        return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
      }
      return fromEnv(parsed.data);
    },
  };
}

/** `NAME: required when <vendor> is configured` for each name whose value is missing. */
export function missingVariables(names: Record<string, string | number | undefined>, vendor: string): string[] {
  return Object.entries(names)
    .filter(([, value]) => value === undefined)
    .map(([name]) => `${name}: required when ${vendor} is configured`);
}

/**
 * What GET /api/providers says about one vendor instance. With its webhooks received
 * (`pushOn`), a field only push can tell (Tencent recording) becomes a capability too.
 */
export function providerInfo(vendor: VendorModule, source: ProviderInfo['source'], pushOn = false): ProviderInfo {
  const push = pushOn ? vendor.push?.fields : undefined;
  if (!push) return { id: vendor.id, label: vendor.label, source, capabilities: vendor.capabilities };
  const c = vendor.capabilities;
  return {
    id: vendor.id,
    label: vendor.label,
    source,
    capabilities: {
      ...c,
      recording: c.recording || push.recording,
      transcription: c.transcription || push.transcription,
      participants: c.participants || push.participants,
      push,
    },
  };
}
