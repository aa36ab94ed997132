import { z } from 'zod';
import type { ProviderId } from '../../src/contract/ids';

/**
 * How the BFF treats one vendor: one table, defaults per vendor, overridden from config.
 * UpstreamClient (breaker, bulkhead, rate limits) and ReadCache (TTL, stale window, bound)
 * read it by ProviderId, so an adapter gets all of it just by naming its provider.
 */
export interface UpstreamPolicy {
  /** Deadline of one upstream call; unset: the adapter's (UPSTREAM_TIMEOUT_MS). */
  timeoutMs?: number;
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
}

/** Vendor pauses are capped: a vendor asking for a day of silence gets five minutes. */
export const MAX_PAUSE_MS = 5 * 60_000;

const BASE: UpstreamPolicy = {
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

/**
 * What each vendor documents. Bandwidth: conferences 1 request/s by default, and a snapshot is
 * two requests, so with N conferences on screen each refreshes about every 2×N seconds: requests
 * queue for a token for up to 10 s instead of failing after the global 1 s, and the overview
 * shows slightly older data rather than errors. Tencent: 200
 * requests/s per app, so 180/s plus a burst of 20 never passes 200 in any second. ProCONF and
 * CometChat document no limit; their 429s are honoured all the same.
 */
const VENDOR_DEFAULTS: Readonly<Record<ProviderId, Partial<UpstreamPolicy>>> = {
  proconf: {},
  bandwidth: { ratePerSecond: 1, rateBurst: 1, rateWaitMs: 10_000 },
  cometchat: {},
  tencent: { ratePerSecond: 180, rateBurst: 20 },
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

export const policyOverridesSchema = z
  .object({
    proconf: policyOverrideSchema,
    bandwidth: policyOverrideSchema,
    cometchat: policyOverrideSchema,
    tencent: policyOverrideSchema,
  })
  .partial()
  .strict();
export type PolicyOverrides = z.infer<typeof policyOverridesSchema>;

/** The settings config.ts reads: global knobs for every vendor, then per-vendor overrides. */
export interface UpstreamSettings {
  global: Partial<UpstreamPolicy>;
  vendors: PolicyOverrides;
}

/**
 * Defaults ← global env knobs ← vendor defaults ← per-vendor overrides. The vendor defaults
 * hold the vendors' documented rate limits (and Bandwidth's longer token wait that goes with
 * its tiny budget), so a global knob never undoes them; UPSTREAM_POLICY still can.
 */
export function resolvePolicy(provider: ProviderId, settings: UpstreamSettings): UpstreamPolicy {
  const vendor = settings.vendors[provider] ?? {};
  return {
    ...BASE,
    ...settings.global,
    ...VENDOR_DEFAULTS[provider],
    ...vendor,
    ttlMs: { ...settings.global.ttlMs, ...vendor.ttlMs },
  };
}

const EMPTY: UpstreamSettings = { global: {}, vendors: {} };
let current: UpstreamSettings = EMPTY;

/**
 * Installs the process's settings. Adapters build their UpstreamClient and ReadCaches with no
 * config in hand, so the table lives here; startRoomwatch sets it from config before any
 * provider is created, and tests set it the same way.
 */
export function configureUpstream(settings: UpstreamSettings): void {
  current = settings;
}

export function policyFor(provider: ProviderId): UpstreamPolicy {
  return resolvePolicy(provider, current);
}

/** The policy a cache without a named provider falls back to: defaults and the global knobs. */
export function globalPolicy(): UpstreamPolicy {
  return { ...BASE, ...current.global, ttlMs: { ...current.global.ttlMs } };
}
