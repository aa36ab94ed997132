import { z } from 'zod';

/**
 * The metrics listener's variables, as a fragment for the process env schema (server/config.ts
 * spreads it in). Off unless METRICS_PORT is set; on its own listener, bound to loopback unless
 * METRICS_HOST says otherwise, so `/metrics` is never public by accident (ADR 0021).
 */
export const metricsEnvShape = {
  // Empty (as an env file writes an unset value) means off; 0 picks a free port (tests, the bench).
  METRICS_PORT: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce.number().int().min(0).max(65535).optional(),
  ),
  METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
};
export const metricsEnvSchema = z.object(metricsEnvShape);
export type MetricsEnv = z.infer<typeof metricsEnvSchema>;

/** `undefined` when METRICS_PORT is not set: no registry, no listener, nothing recorded. */
export type MetricsConfig = { port: number; host: string } | undefined;

export function metricsConfig(env: MetricsEnv): MetricsConfig {
  return env.METRICS_PORT === undefined ? undefined : { port: env.METRICS_PORT, host: env.METRICS_HOST };
}

/** The metrics listener cannot share the main port: the main port must answer 404 on /metrics. */
export function metricsProblem(env: MetricsEnv & { PORT: number }): string | undefined {
  if (env.METRICS_PORT !== undefined && env.METRICS_PORT !== 0 && env.METRICS_PORT === env.PORT) {
    return 'METRICS_PORT: must differ from PORT (the metrics have their own listener)';
  }
  return undefined;
}
