import { z } from 'zod';
import type { ProviderId } from '../src/contract/ids';
import { parseQualifiedRoomRef, type RoomRef } from '../src/contract/roomAccess';
import { httpUrl, optionalString } from './envFields';
import { coordinationConfig, coordinationEnvSchema, redisGuardRail, type CoordinationConfig } from './coordination/config';
import { historyConfig, historyEnvShape, type HistoryConfig } from './history/config';
import { evidenceConfig, evidenceEnvShape, evidenceProblem, type EvidenceConfig } from './evidence/config';
import { alertsConfig, alertsEnvShape, type AlertsConfig } from './alerts/config';
import { oidcConfig, oidcEnvShape, oidcProblems, type OidcConfig } from './auth/oidc/config';
import { auditConfig, auditEnvShape, type AuditConfig } from './audit/config';
import { watchEnvShape, watchSettings, type WatchSettings } from './watch/config';
import { metricsConfig, metricsEnvShape, metricsProblem, type MetricsConfig } from './metrics/config';
import { BUILTIN_VENDORS } from './providers/catalog';
import type { VendorModule } from './providers/vendorModule';
import { policyOverridesSchema, resolvePolicy, type PolicyOverride, type PolicyOverrides, type UpstreamPolicy } from './upstream/policy';

/**
 * The whole process configuration, from the environment, validated in one place: the core
 * variables here, each vendor's own variables by its module (server/providers/<id>/config.ts).
 * A bad or missing value stops start-up with a list naming each variable (see main.ts).
 */

const port = (fallback: number) =>
  z.coerce.number().int().min(0).max(65535).default(fallback);

const positiveMs = (fallback: number) => z.coerce.number().int().min(1).max(600_000).default(fallback);

const onOff = z.enum(['on', 'off']).optional();

/** An optional integer knob; unset leaves the layer below in force (see resolvePolicy). */
const knob = (min: number, max: number) => z.coerce.number().int().min(min).max(max).optional();

/** UPSTREAM_POLICY: per-vendor overrides of the policy as JSON, by provider id. */
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

/** The core variables; vendor variables belong to their modules. */
const envSchema = z.object({
  PORT: port(8080),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: httpUrl,
  TRUST_PROXY: onOff,
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).optional(),
  UPSTREAM_STATUS_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(1000),
  UPSTREAM_CATCHUP_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(5000),
  UPSTREAM_STALE_IF_ERROR_MS: knob(0, 86_400_000),
  UPSTREAM_CACHE_MAX_ENTRIES: knob(1, 1_000_000),
  UPSTREAM_CACHE_MAX_BYTES: knob(1024, 1024 * 1024 * 1024),
  UPSTREAM_MAX_IN_FLIGHT: knob(1, 1024),
  UPSTREAM_QUEUE_SIZE: knob(0, 10_000),
  UPSTREAM_BREAKER_FAILURES: knob(1, 1000),
  UPSTREAM_BREAKER_COOLDOWN_MS: knob(1, 600_000),
  UPSTREAM_RATE_WAIT_MS: knob(0, 60_000),
  UPSTREAM_RATE_LIMIT_PAUSE_MS: knob(0, 300_000),
  UPSTREAM_POLICY: policyJson,

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
  // Checked against the vendor list in loadConfig.
  WATCH_ROOMS: z
    .string()
    .optional()
    .transform((list) => (list === undefined ? undefined : list.split(',').map((r) => r.trim()).filter(Boolean)))
    .pipe(z.array(z.string()).max(200).optional()),

  SIMULATOR: onOff,
  SIMULATOR_PORT: port(0),
  SIMULATOR_SEED: z.coerce.number().int().min(0).default(1),

  // Room history, the watcher and several instances: each feature owns its variables.
  ...historyEnvShape,
  ...evidenceEnvShape,
  ...watchEnvShape,
  ...alertsEnvShape,
  ...oidcEnvShape,
  ...auditEnvShape,
  ...coordinationEnvSchema.shape,
  ...metricsEnvShape,
});

export type Env = z.infer<typeof envSchema>;

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

/** The policy layers read from the environment; the composition root resolves them per vendor. */
export interface UpstreamSettings {
  /** UPSTREAM_* knobs, for every vendor. */
  global: PolicyOverride;
  /** Each vendor's own policy variables (e.g. BANDWIDTH_RATE_PER_SECOND), by id. */
  vendorEnv: Readonly<Record<ProviderId, PolicyOverride>>;
  /** UPSTREAM_POLICY, by id. */
  overrides: PolicyOverrides;
}

export interface Config {
  port: number;
  host: string;
  logLevel: Env['LOG_LEVEL'];
  publicUrl: string | undefined;
  trustProxy: boolean;
  /** The vendors this process knows: BUILTIN_VENDORS unless loadConfig was given others. */
  vendorModules: readonly VendorModule[];
  /** Policy layers: caching, stale-if-error, breaker, bulkhead, rate limits, timeout. */
  upstream: UpstreamSettings;
  /** Vendors configured to talk to the real thing: each module's own config, by id. */
  vendors: Readonly<Record<ProviderId, unknown>>;
  /** Webhook secrets configured (BANDWIDTH_WEBHOOK_*, COMETCHAT_WEBHOOK_*, TENCENT_CALLBACK_KEY), by id. */
  push: Readonly<Record<ProviderId, unknown>>;
  simulator: { enabled: boolean; port: number; seed: number };
  auth: AuthConfig;
  security: SecurityConfig;
  /** WATCH_ROOMS; undefined when not set (the simulator then supplies its demo calls). */
  watchRooms: RoomRef[] | undefined;
  /** HISTORY, DATA_DIR, DATABASE_URL, HISTORY_DAYS. */
  history: HistoryConfig;
  /** EVIDENCE_SIGNING_KEY. */
  evidence: EvidenceConfig;
  /** WATCH_INTERVAL_MS, WATCH_IDLE_MINUTES, WATCH_MAX_ROOMS. */
  watch: WatchSettings;
  /** REDIS_URL: shared state for several instances. */
  coordination: CoordinationConfig;
  /** ALERT_WEBHOOK_SECRET, ALERT_WEBHOOK_ALLOW. */
  alerts: AlertsConfig;
  /** Sign-in with the team's identity provider (OIDC_*); undefined when OIDC_ISSUER is not set. */
  oidc?: OidcConfig | undefined;
  /** AUDIT_DAYS. */
  audit: AuditConfig;
  /** METRICS_PORT, METRICS_HOST; undefined when metrics are off (the default). */
  metrics: MetricsConfig;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** The UPSTREAM_* knobs that were set; unset ones leave the built-in base in force. */
function globalKnobs(e: Env): PolicyOverride {
  const knobs: PolicyOverride = {
    timeoutMs: e.UPSTREAM_TIMEOUT_MS,
    staleIfErrorMs: e.UPSTREAM_STALE_IF_ERROR_MS,
    cacheMaxEntries: e.UPSTREAM_CACHE_MAX_ENTRIES,
    cacheMaxBytes: e.UPSTREAM_CACHE_MAX_BYTES,
    maxInFlight: e.UPSTREAM_MAX_IN_FLIGHT,
    queueSize: e.UPSTREAM_QUEUE_SIZE,
    breakerFailures: e.UPSTREAM_BREAKER_FAILURES,
    breakerCooldownMs: e.UPSTREAM_BREAKER_COOLDOWN_MS,
    rateWaitMs: e.UPSTREAM_RATE_WAIT_MS,
    rateLimitPauseMs: e.UPSTREAM_RATE_LIMIT_PAUSE_MS,
  };
  const set = Object.fromEntries(Object.entries(knobs).filter(([, value]) => value !== undefined));
  return { ...set, ttlMs: { status: e.UPSTREAM_STATUS_TTL_MS, catchUp: e.UPSTREAM_CATCHUP_TTL_MS } };
}

function authOf(e: Env): AuthConfig {
  const claims = {
    ...(e.AUTH_ISSUER ? { issuer: e.AUTH_ISSUER } : {}),
    ...(e.AUTH_AUDIENCE ? { audience: e.AUTH_AUDIENCE } : {}),
  };
  if (e.AUTH_JWKS_URL) return { kind: 'jwks', jwksUrl: e.AUTH_JWKS_URL, ...claims };
  if (e.AUTH_JWT_SECRET) return { kind: 'secret', secret: e.AUTH_JWT_SECRET, ...claims };
  return { kind: 'demo' };
}

/** Combinations that are each valid alone but not together, and references to unknown vendors. */
function crossChecks(e: Env, ids: readonly ProviderId[]): string[] {
  const problems: string[] = [];
  if (e.AUTH_JWT_SECRET && e.AUTH_JWKS_URL) {
    problems.push('AUTH_JWKS_URL: set either AUTH_JWT_SECRET or AUTH_JWKS_URL, not both');
  }
  problems.push(...oidcProblems(e));
  // With OIDC, SESSION_SECRET keys the sign-in transaction, whatever verifies API clients' bearer tokens.
  if (e.AUTH_JWT_SECRET && e.SESSION_SECRET && !e.OIDC_ISSUER) {
    problems.push('SESSION_SECRET: not used with AUTH_JWT_SECRET, which already signs the BFF\'s own tokens');
  }
  if (e.HEADERS_TIMEOUT_MS > e.REQUEST_TIMEOUT_MS) {
    problems.push('HEADERS_TIMEOUT_MS: must not exceed REQUEST_TIMEOUT_MS');
  }
  const redis = redisGuardRail({ redisUrl: e.REDIS_URL, historyOn: e.HISTORY === 'on', databaseUrl: e.DATABASE_URL });
  if (redis) problems.push(redis);
  const metrics = metricsProblem(e);
  if (metrics) problems.push(metrics);
  const evidence = evidenceProblem(e);
  if (evidence) problems.push(evidence);
  for (const id of Object.keys(e.UPSTREAM_POLICY)) {
    if (!ids.includes(id)) problems.push(`UPSTREAM_POLICY: bad vendor override: ${id} is not one of ${ids.join(', ')}`);
  }
  for (const ref of e.WATCH_ROOMS ?? []) {
    if (!parseQualifiedRoomRef(ref, ids)) {
      problems.push(`WATCH_ROOMS: each entry must be provider:callId with provider one of ${ids.join(', ')}`);
      break;
    }
  }
  return problems;
}

export function loadConfig(env: NodeJS.ProcessEnv, vendorModules: readonly VendorModule[] = BUILTIN_VENDORS): ConfigResult {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  const vendors: Record<ProviderId, unknown> = {};
  const vendorEnv: Record<ProviderId, PolicyOverride> = {};
  const push: Record<ProviderId, unknown> = {};
  for (const module of vendorModules) {
    const read = module.readConfig(env);
    if (!read.ok) {
      problems.push(...read.problems);
      continue;
    }
    if (read.config !== undefined) vendors[module.id] = read.config;
    vendorEnv[module.id] = read.policy;
    if (read.push !== undefined) push[module.id] = read.push;
  }
  if (!parsed.success) return { ok: false, problems };
  const e = parsed.data;
  const ids = vendorModules.map((m) => m.id);
  problems.push(...crossChecks(e, ids));
  if (problems.length > 0) return { ok: false, problems };

  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      logLevel: e.LOG_LEVEL,
      publicUrl: e.PUBLIC_URL,
      trustProxy: e.TRUST_PROXY === 'on',
      vendorModules,
      upstream: { global: globalKnobs(e), vendorEnv, overrides: e.UPSTREAM_POLICY },
      vendors,
      push,
      simulator: {
        enabled: e.SIMULATOR ? e.SIMULATOR === 'on' : Object.keys(vendors).length === 0,
        port: e.SIMULATOR_PORT,
        seed: e.SIMULATOR_SEED,
      },
      auth: authOf(e),
      watchRooms: e.WATCH_ROOMS?.flatMap((ref) => parseQualifiedRoomRef(ref, ids) ?? []),
      history: historyConfig(e),
      evidence: evidenceConfig(e),
      watch: watchSettings(e),
      coordination: coordinationConfig(e),
      alerts: alertsConfig(e),
      oidc: oidcConfig(e),
      audit: auditConfig(e),
      metrics: metricsConfig(e),
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

/** One vendor's policy from the configured layers, in resolvePolicy's order. */
export function vendorPolicy(module: VendorModule, settings: UpstreamSettings): UpstreamPolicy {
  return resolvePolicy({
    global: settings.global,
    vendorDefaults: module.policyDefaults,
    vendorEnv: settings.vendorEnv[module.id] ?? {},
    override: settings.overrides[module.id] ?? {},
  });
}
