import { z } from 'zod';
import { PROVIDER_IDS, ROOM_NAME_PATTERN, type ProviderId } from '../src/contract/ids';
import { policyOverridesSchema, type PolicyOverrides, type UpstreamSettings } from './upstream/policy';

/**
 * The whole process configuration, from the environment, validated in one place.
 * A bad or missing value stops start-up with a list naming each variable (see main.ts).
 */

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .optional()
  .or(z.literal('').transform(() => undefined));

const port = (fallback: number) =>
  z.coerce.number().int().min(0).max(65535).default(fallback);

const positiveMs = (fallback: number) => z.coerce.number().int().min(1).max(600_000).default(fallback);

const onOff = z.enum(['on', 'off']).optional();

const count = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const rate = (fallback: number) => z.coerce.number().positive().max(100_000).default(fallback);

/** UPSTREAM_POLICY: per-vendor overrides of the policy table as JSON (see README, "Upstream discipline"). */
const policyJson = z
  .string()
  .trim()
  .default('')
  .transform((text, ctx): PolicyOverrides => {
    if (text === '') return {};
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON, e.g. {"proconf":{"staleIfErrorMs":30000}}' });
      return z.NEVER;
    }
    const parsed = policyOverridesSchema.safeParse(raw);
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ');
      ctx.addIssue({ code: 'custom', message: `bad vendor override: ${where}` });
      return z.NEVER;
    }
    return parsed.data;
  });

/** A secret may be left empty in an env file; empty means unset, anything else must be long enough. */
const optionalSecret = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.string().min(32, 'must be at least 32 characters').optional(),
);

const envSchema = z.object({
  PORT: port(8080),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: httpUrl,
  TRUST_PROXY: onOff,
  UPSTREAM_TIMEOUT_MS: positiveMs(3000),
  UPSTREAM_STATUS_TTL_MS: count(1000, 0, 3_600_000),
  UPSTREAM_CATCHUP_TTL_MS: count(5000, 0, 3_600_000),
  UPSTREAM_STALE_IF_ERROR_MS: count(60_000, 0, 86_400_000),
  UPSTREAM_CACHE_MAX_ENTRIES: count(5000, 1, 1_000_000),
  UPSTREAM_CACHE_MAX_BYTES: count(8 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  UPSTREAM_MAX_IN_FLIGHT: count(32, 1, 1024),
  UPSTREAM_QUEUE_SIZE: count(64, 0, 10_000),
  UPSTREAM_BREAKER_FAILURES: count(5, 1, 1000),
  UPSTREAM_BREAKER_COOLDOWN_MS: positiveMs(10_000),
  UPSTREAM_RATE_WAIT_MS: count(1000, 0, 60_000),
  UPSTREAM_RATE_LIMIT_PAUSE_MS: count(1000, 0, 300_000),
  BANDWIDTH_RATE_PER_SECOND: rate(1),
  TENCENT_RATE_PER_SECOND: rate(180),
  UPSTREAM_POLICY: policyJson,

  PROCONF_ADMIN_URL: httpUrl,
  PROCONF_ADMIN_TOKEN: optionalString,

  BANDWIDTH_API_URL: httpUrl,
  BANDWIDTH_USER_ID: optionalString,
  BANDWIDTH_API_TOKEN: optionalString,
  BANDWIDTH_API_SECRET: optionalString,

  COMETCHAT_API_URL: httpUrl,
  COMETCHAT_APP_ID: optionalString,
  COMETCHAT_REGION: z.enum(['us', 'eu', 'in']).optional(),
  COMETCHAT_API_KEY: optionalString,

  TENCENT_API_URL: httpUrl,
  TENCENT_SDKAPPID: z.coerce.number().int().positive().optional(),
  TENCENT_SECRET_KEY: optionalString,
  TENCENT_ADMIN_ID: z.string().trim().min(1).default('administrator'),

  AUTH_JWT_SECRET: optionalSecret,
  AUTH_JWKS_URL: httpUrl,
  AUTH_ISSUER: optionalString,
  AUTH_AUDIENCE: optionalString,

  SESSION_SECRET: optionalSecret,
  SESSION_COOKIE_SECURE: z.enum(['auto', 'on', 'off']).default('auto'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((list) => list.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url({ protocol: /^https?$/ }).transform((o) => new URL(o).origin))),
  // Per minute. 0 turns that limit off (e.g. for a benchmark). See README "Security".
  RATE_LIMIT_USER_PER_MIN: z.coerce.number().int().min(0).default(3000),
  RATE_LIMIT_IP_PER_MIN: z.coerce.number().int().min(0).default(600),
  HEADERS_TIMEOUT_MS: positiveMs(10_000),
  REQUEST_TIMEOUT_MS: positiveMs(15_000),

  // `provider:callId,...`: rooms always on the overview (vendors that cannot list their calls).
  WATCH_ROOMS: z
    .string()
    .optional()
    .transform((list) => (list === undefined ? undefined : list.split(',').map((r) => r.trim()).filter(Boolean)))
    .pipe(
      z
        .array(
          z.string().refine((ref) => parseRoomRef(ref) !== undefined, {
            message: `each entry must be provider:callId with provider one of ${PROVIDER_IDS.join(', ')}`,
          }),
        )
        .max(200)
        .optional(),
    ),

  SIMULATOR: onOff,
  SIMULATOR_PORT: port(0),
  SIMULATOR_SEED: z.coerce.number().int().min(0).default(1),
});

export type Env = z.infer<typeof envSchema>;

export interface RoomRef {
  provider: ProviderId;
  callId: string;
}

/** `provider:callId` with a known provider and an allow-listed id, or undefined. */
export function parseRoomRef(ref: string): RoomRef | undefined {
  const colon = ref.indexOf(':');
  const provider = PROVIDER_IDS.find((id) => id === ref.slice(0, colon));
  const callId = ref.slice(colon + 1);
  return provider && ROOM_NAME_PATTERN.test(callId) ? { provider, callId } : undefined;
}

export interface ProconfVendorConfig {
  url: string;
  token: string | undefined;
}
export interface BandwidthVendorConfig {
  url: string;
  userId: string;
  apiToken: string;
  apiSecret: string;
}
export interface CometChatVendorConfig {
  url: string;
  apiKey: string;
}
export interface TencentVendorConfig {
  url: string;
  sdkAppId: number;
  secretKey: string;
  adminId: string;
}
export interface VendorConfigs {
  proconf?: ProconfVendorConfig;
  bandwidth?: BandwidthVendorConfig;
  cometchat?: CometChatVendorConfig;
  tencent?: TencentVendorConfig;
}

export type AuthConfig =
  | { kind: 'demo' }
  | { kind: 'secret'; secret: string; issuer?: string; audience?: string }
  | { kind: 'jwks'; jwksUrl: string; issuer?: string; audience?: string };

/** Access and hardening knobs (README "Security"). */
export interface SecurityConfig {
  /** Signs the BFF's own tokens when AUTH_JWT_SECRET is not set (JWKS or demo mode); random when absent. */
  sessionSecret: string | undefined;
  /** `auto`: Secure when the request came over https (X-Forwarded-Proto only with TRUST_PROXY). */
  cookieSecure: 'auto' | 'on' | 'off';
  /** Origins allowed to call the ProCONF routes cross-origin (the ProCONF web client). */
  corsOrigins: string[];
  rateLimit: { userPerMinute: number; ipPerMinute: number };
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

export interface Config {
  port: number;
  host: string;
  logLevel: Env['LOG_LEVEL'];
  publicUrl: string | undefined;
  trustProxy: boolean;
  upstreamTimeoutMs: number;
  /** Caching, stale-if-error, breaker, bulkhead and rate limits: the policy table's settings. */
  upstream: UpstreamSettings;
  /** Vendors configured to talk to the real thing. */
  vendors: VendorConfigs;
  simulator: { enabled: boolean; port: number; seed: number };
  auth: AuthConfig;
  security: SecurityConfig;
  /** WATCH_ROOMS; undefined when not set (the simulator then supplies its demo calls). */
  watchRooms: RoomRef[] | undefined;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Each entry: variable name → message. Empty when the provider's variables are complete. */
function missing(names: Record<string, string | number | undefined>, provider: string): string[] {
  return Object.entries(names)
    .filter(([, value]) => value === undefined)
    .map(([name]) => `${name}: required when ${provider} is configured`);
}

function upstreamSettings(e: Env): UpstreamSettings {
  const overrides = e.UPSTREAM_POLICY;
  return {
    global: {
      staleIfErrorMs: e.UPSTREAM_STALE_IF_ERROR_MS,
      cacheMaxEntries: e.UPSTREAM_CACHE_MAX_ENTRIES,
      cacheMaxBytes: e.UPSTREAM_CACHE_MAX_BYTES,
      maxInFlight: e.UPSTREAM_MAX_IN_FLIGHT,
      queueSize: e.UPSTREAM_QUEUE_SIZE,
      breakerFailures: e.UPSTREAM_BREAKER_FAILURES,
      breakerCooldownMs: e.UPSTREAM_BREAKER_COOLDOWN_MS,
      rateWaitMs: e.UPSTREAM_RATE_WAIT_MS,
      rateLimitPauseMs: e.UPSTREAM_RATE_LIMIT_PAUSE_MS,
      ttlMs: { status: e.UPSTREAM_STATUS_TTL_MS, catchUp: e.UPSTREAM_CATCHUP_TTL_MS },
    },
    vendors: {
      ...overrides,
      // The documented vendor limits have their own variables; UPSTREAM_POLICY still wins.
      bandwidth: { ratePerSecond: e.BANDWIDTH_RATE_PER_SECOND, ...overrides.bandwidth },
      tencent: { ratePerSecond: e.TENCENT_RATE_PER_SECOND, ...overrides.tencent },
    },
  };
}

export function loadConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    };
  }
  const e = parsed.data;
  const problems: string[] = [];
  const vendors: VendorConfigs = {};

  if (e.PROCONF_ADMIN_URL) {
    vendors.proconf = { url: e.PROCONF_ADMIN_URL, token: e.PROCONF_ADMIN_TOKEN };
  }

  if (e.BANDWIDTH_API_URL) {
    const gaps = missing(
      {
        BANDWIDTH_USER_ID: e.BANDWIDTH_USER_ID,
        BANDWIDTH_API_TOKEN: e.BANDWIDTH_API_TOKEN,
        BANDWIDTH_API_SECRET: e.BANDWIDTH_API_SECRET,
      },
      'Bandwidth (BANDWIDTH_API_URL)',
    );
    problems.push(...gaps);
    if (gaps.length === 0 && e.BANDWIDTH_USER_ID && e.BANDWIDTH_API_TOKEN && e.BANDWIDTH_API_SECRET) {
      vendors.bandwidth = {
        url: e.BANDWIDTH_API_URL,
        userId: e.BANDWIDTH_USER_ID,
        apiToken: e.BANDWIDTH_API_TOKEN,
        apiSecret: e.BANDWIDTH_API_SECRET,
      };
    }
  }

  if (e.COMETCHAT_API_URL || e.COMETCHAT_APP_ID) {
    const gaps = missing(
      {
        COMETCHAT_API_KEY: e.COMETCHAT_API_KEY,
        ...(e.COMETCHAT_API_URL ? {} : { COMETCHAT_REGION: e.COMETCHAT_REGION }),
      },
      'CometChat (COMETCHAT_API_URL or COMETCHAT_APP_ID)',
    );
    problems.push(...gaps);
    const url =
      e.COMETCHAT_API_URL ??
      (e.COMETCHAT_APP_ID && e.COMETCHAT_REGION
        ? `https://${encodeURIComponent(e.COMETCHAT_APP_ID)}.call-${e.COMETCHAT_REGION}.cometchat.io/v3`
        : undefined);
    if (gaps.length === 0 && url && e.COMETCHAT_API_KEY) {
      vendors.cometchat = { url, apiKey: e.COMETCHAT_API_KEY };
    }
  }

  if (e.TENCENT_API_URL) {
    const gaps = missing(
      { TENCENT_SDKAPPID: e.TENCENT_SDKAPPID, TENCENT_SECRET_KEY: e.TENCENT_SECRET_KEY },
      'Tencent (TENCENT_API_URL)',
    );
    problems.push(...gaps);
    if (gaps.length === 0 && e.TENCENT_SDKAPPID && e.TENCENT_SECRET_KEY) {
      vendors.tencent = {
        url: e.TENCENT_API_URL,
        sdkAppId: e.TENCENT_SDKAPPID,
        secretKey: e.TENCENT_SECRET_KEY,
        adminId: e.TENCENT_ADMIN_ID,
      };
    }
  }

  if (e.AUTH_JWT_SECRET && e.AUTH_JWKS_URL) {
    problems.push('AUTH_JWKS_URL: set either AUTH_JWT_SECRET or AUTH_JWKS_URL, not both');
  }
  const claims = {
    ...(e.AUTH_ISSUER ? { issuer: e.AUTH_ISSUER } : {}),
    ...(e.AUTH_AUDIENCE ? { audience: e.AUTH_AUDIENCE } : {}),
  };
  const auth: AuthConfig = e.AUTH_JWKS_URL
    ? { kind: 'jwks', jwksUrl: e.AUTH_JWKS_URL, ...claims }
    : e.AUTH_JWT_SECRET
      ? { kind: 'secret', secret: e.AUTH_JWT_SECRET, ...claims }
      : { kind: 'demo' };

  if (e.AUTH_JWT_SECRET && e.SESSION_SECRET) {
    problems.push('SESSION_SECRET: not used with AUTH_JWT_SECRET, which already signs the BFF\'s own tokens');
  }
  if (e.HEADERS_TIMEOUT_MS > e.REQUEST_TIMEOUT_MS) {
    problems.push('HEADERS_TIMEOUT_MS: must not exceed REQUEST_TIMEOUT_MS');
  }

  if (problems.length > 0) return { ok: false, problems };

  const anyVendor = Object.keys(vendors).length > 0;
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      logLevel: e.LOG_LEVEL,
      publicUrl: e.PUBLIC_URL,
      trustProxy: e.TRUST_PROXY === 'on',
      upstreamTimeoutMs: e.UPSTREAM_TIMEOUT_MS,
      upstream: upstreamSettings(e),
      vendors,
      simulator: {
        enabled: e.SIMULATOR ? e.SIMULATOR === 'on' : !anyVendor,
        port: e.SIMULATOR_PORT,
        seed: e.SIMULATOR_SEED,
      },
      auth,
      watchRooms: e.WATCH_ROOMS?.flatMap((ref) => parseRoomRef(ref) ?? []),
      security: {
        sessionSecret: e.SESSION_SECRET,
        cookieSecure: e.SESSION_COOKIE_SECURE,
        corsOrigins: e.CORS_ORIGINS,
        rateLimit: { userPerMinute: e.RATE_LIMIT_USER_PER_MIN, ipPerMinute: e.RATE_LIMIT_IP_PER_MIN },
        headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
        requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      },
    },
  };
}
