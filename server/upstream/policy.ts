import { z } from 'zod';
import type { SharedUpstream } from './shared';
import type { AnswerRecorder, UpstreamRecorder } from '../metrics/recorder';

/**
 * How the BFF treats one vendor. A value: the composition root resolves one per vendor and
 * hands it to that vendor's provider, which gives it to its UpstreamClient and ReadCaches.
 */
export interface UpstreamPolicy {
  /** Deadline of one upstream call (UPSTREAM_TIMEOUT_MS). */
  timeoutMs: number;
  /** Bulkhead: upstream requests in flight at once; also the pool's connection count. */
  maxInFlight: number;
  /** Bulkhead: requests waiting for a slot; one more is refused (503) instead of queued. */
  queueSize: number;
  /** Consecutive vendor failures that open the breaker. */
  breakerFailures: number;
  /** How long an open breaker answers at once before one probe is let through. */
  breakerCooldownMs: number;
  /** Client-side token bucket; null: no limit of ours (the vendor's 429s still pause us). */
  ratePerSecond: number | null;
  /** Tokens the bucket holds when idle: the largest burst. */
  rateBurst: number;
  /** How long a request may wait for a token before it is answered from cache or 429. */
  rateWaitMs: number;
  /** Pause after a 429 that named no Retry-After. */
  rateLimitPauseMs: number;
  /** How old a last good value may be and still be served while the vendor fails. */
  staleIfErrorMs: number;
  /** Entry bound of each resource cache (LRU). */
  cacheMaxEntries: number;
  /** Size bound of each resource cache (approximate bytes of the values): long summaries cannot add up. */
  cacheMaxBytes: number;
  /** Per-resource TTL overrides, by the resource name an adapter gives its ReadCache. */
  ttlMs: Readonly<Record<string, number>>;
  /** Several instances: the budget and cache invalidations shared through Redis (start.ts); absent: per process. */
  shared?: SharedUpstream;
  /** With METRICS_PORT: where requests and cached answers are counted (start.ts); absent: not counted. */
  metrics?: UpstreamRecorder & AnswerRecorder;
}

/** Vendor pauses are capped: a vendor asking for a day of silence gets five minutes. */
export const MAX_PAUSE_MS = 5 * 60_000;

/** The built-in base, before any environment variable. */
export const BASE_POLICY: UpstreamPolicy = {
  timeoutMs: 3000,
  maxInFlight: 32,
  queueSize: 64,
  breakerFailures: 5,
  breakerCooldownMs: 10_000,
  ratePerSecond: null,
  rateBurst: 1,
  rateWaitMs: 1000,
  rateLimitPauseMs: 1000,
  staleIfErrorMs: 60_000,
  cacheMaxEntries: 5000,
  cacheMaxBytes: 8 * 1024 * 1024,
  ttlMs: {},
};

/** Per-vendor overrides as written in UPSTREAM_POLICY (JSON), checked field by field. */
export const policyOverrideSchema = z
  .object({
    timeoutMs: z.number().int().min(1).max(600_000),
    maxInFlight: z.number().int().min(1).max(1024),
    queueSize: z.number().int().min(0).max(10_000),
    breakerFailures: z.number().int().min(1).max(1000),
    breakerCooldownMs: z.number().int().min(1).max(600_000),
    ratePerSecond: z.number().positive().max(100_000).nullable(),
    rateBurst: z.number().int().min(1).max(100_000),
    rateWaitMs: z.number().int().min(0).max(60_000),
    rateLimitPauseMs: z.number().int().min(0).max(MAX_PAUSE_MS),
    staleIfErrorMs: z.number().int().min(0).max(86_400_000),
    cacheMaxEntries: z.number().int().min(1).max(1_000_000),
    cacheMaxBytes: z.number().int().min(1024).max(1024 * 1024 * 1024),
    ttlMs: z.record(z.string(), z.number().int().min(0).max(3_600_000)),
  })
  .partial()
  .strict();
export type PolicyOverride = z.infer<typeof policyOverrideSchema>;

/** UPSTREAM_POLICY: per-vendor overrides by provider id; which ids exist is checked by config.ts. */
export const policyOverridesSchema = z.record(z.string(), policyOverrideSchema);
export type PolicyOverrides = z.infer<typeof policyOverridesSchema>;

/** Every layer of one vendor's policy, lowest first; see resolvePolicy. */
export interface PolicyLayers {
  /** UPSTREAM_* variables, for every vendor. */
  global: PolicyOverride;
  /** What the vendor documents (its module's policyDefaults). */
  vendorDefaults: PolicyOverride;
  /** The vendor's own variables, e.g. BANDWIDTH_RATE_PER_SECOND. */
  vendorEnv: PolicyOverride;
  /** The vendor's entry in UPSTREAM_POLICY. */
  override: PolicyOverride;
}

/**
 * The one precedence, lowest first:
 *   built-in base < global UPSTREAM_* variables < the vendor's documented defaults
 *   < the vendor's own variables (BANDWIDTH_RATE_PER_SECOND, ...) < its UPSTREAM_POLICY entry.
 * Vendor defaults sit above the global knobs so that a global knob (say UPSTREAM_RATE_WAIT_MS)
 * never undoes a vendor's documented limit; an operator who means to changes it by name.
 * TTLs merge per resource name across the layers in the same order.
 */
export function resolvePolicy(layers: PolicyLayers): UpstreamPolicy {
  const order = [layers.global, layers.vendorDefaults, layers.vendorEnv, layers.override];
  let policy: UpstreamPolicy = BASE_POLICY;
  for (const layer of order) policy = { ...policy, ...layer, ttlMs: { ...policy.ttlMs, ...layer.ttlMs } };
  return policy;
}
