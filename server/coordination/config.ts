import { z } from 'zod';

/**
 * The coordination layer's slice of the environment, to be merged into the process's env
 * schema. Empty means unset, like every other optional variable.
 */
export const coordinationEnvSchema = z.object({
  REDIS_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(
      // The message never repeats the value: a Redis URL may carry a password.
      z
        .url({ protocol: /^rediss?$/, message: 'must be a redis:// or rediss:// URL' })
        .optional(),
    ),
  // How long one Redis command may take before the caller uses its in-process fallback.
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(200),
});

export type CoordinationEnv = z.infer<typeof coordinationEnvSchema>;

export interface CoordinationConfig {
  redisUrl: string | undefined;
  commandTimeoutMs: number;
}

export function coordinationConfig(env: CoordinationEnv): CoordinationConfig {
  return { redisUrl: env.REDIS_URL, commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS };
}

/**
 * Several instances (that is what REDIS_URL is for) cannot share one SQLite file, so REDIS_URL
 * with history on needs PostgreSQL. Returns the start-up problem, or undefined when fine.
 */
export function redisGuardRail(settings: {
  redisUrl: string | undefined;
  historyOn: boolean;
  databaseUrl: string | undefined;
}): string | undefined {
  if (settings.redisUrl && settings.historyOn && !settings.databaseUrl) {
    return 'REDIS_URL: several instances cannot share a SQLite file; set DATABASE_URL (PostgreSQL) or HISTORY=off';
  }
  return undefined;
}

/** `redis://host:port/db` for logs: user name and password never leave the process. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return '[unparsable redis url]';
  }
}
