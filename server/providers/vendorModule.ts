import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { Capabilities, ProviderInfo, PushFields } from '../../src/contract/dashboard';
import type { ProviderId } from '../../src/contract/ids';
import type { Random } from '../simulator/random';
import type { VendorSimulator } from '../simulator/types';
import type { PolicyOverride, UpstreamPolicy } from '../upstream/policy';
import type { Provider } from './types';
import type { WebhookAuth } from '../push/sender';

/** What the composition root hands a vendor's createProvider. */
export interface ProviderDeps {
  /** id, label, capabilities and where this instance talks to (`upstream` or `simulator`). */
  info: ProviderInfo;
  /** This vendor's resolved policy (resolvePolicy): for its UpstreamClient and ReadCaches. */
  policy: UpstreamPolicy;
  logger: FastifyBaseLogger;
}

/** One vendor's part of the environment, read. */
export type VendorEnvResult<Config> =
  | {
      ok: true;
      /** undefined: the vendor is not switched on (its URL variable is unset). */
      config: Config | undefined;
      /** The vendor's own policy variables (e.g. BANDWIDTH_RATE_PER_SECOND), read even when off. */
      policy: PolicyOverride;
      /** The webhook secret (e.g. BANDWIDTH_WEBHOOK_USER/PASSWORD): its receiver is on only with it. */
      push?: WebhookAuth;
    }
  | { ok: false; problems: string[] };

/** How the simulator host mounts one vendor; each gets its own random stream and the scenario's start. */
export interface VendorSimulatorSpec<Config> {
  create(context: { random: Random; start: Date }): VendorSimulator<Config> & { world: object };
}

/**
 * Everything roomwatch knows about one vendor, in one value exported by
 * server/providers/<id>/index.ts. Configuration, policy resolution, the provider registry and
 * the simulator host all loop over a list of these (catalog.ts), so a new vendor is a new
 * folder plus one entry in that list, or a module handed to startRoomwatch.
 *
 * Methods (not function-valued properties) on purpose: a list of modules with different
 * Config types is a `VendorModule[]`, and each config only ever meets the module that read it.
 */
export interface VendorModule<Config = unknown> {
  readonly id: ProviderId;
  readonly label: string;
  readonly capabilities: Capabilities;
  /** What its webhooks carry, for vendors that push; reported only while the receiver is on. */
  readonly pushFields?: PushFields;
  /** The vendor's own environment variables (e.g. BANDWIDTH_*), checked with the rest of the environment. */
  readonly envSchema: z.ZodObject;
  /** Reads this vendor's variables: its config, or problems naming each variable. */
  readConfig(env: Readonly<Record<string, string | undefined>>): VendorEnvResult<Config>;
  /** What the vendor documents (rate limits and the waits that go with them); see resolvePolicy. */
  readonly policyDefaults: PolicyOverride;
  createProvider(config: Config, deps: ProviderDeps): Provider;
  readonly simulator: VendorSimulatorSpec<Config>;
}

/**
 * Builds a module's readConfig from its env schema and a function of the parsed variables, so
 * a vendor writes only what is particular to it: which variables switch it on, which go together.
 */
export function defineVendor<Schema extends z.ZodObject, Config>(spec: {
  id: ProviderId;
  label: string;
  capabilities: Capabilities;
  pushFields?: PushFields;
  envSchema: Schema;
  fromEnv(env: z.infer<Schema>): VendorEnvResult<Config>;
  policyDefaults: PolicyOverride;
  createProvider(config: Config, deps: ProviderDeps): Provider;
  simulator: VendorSimulatorSpec<Config>;
}): VendorModule<Config> {
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
  const push = pushOn ? vendor.pushFields : undefined;
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
