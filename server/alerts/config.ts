import { z } from 'zod';

/**
 * The alerts' environment variables, spread into the process env schema like the history's.
 * Webhooks are signed with ALERT_WEBHOOK_SECRET; without it a rule with a webhook channel is
 * refused when saved (a generated secret would be one no receiver could check).
 */
export const alertsEnvShape = {
  ALERT_WEBHOOK_SECRET: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v))
    .pipe(z.string().min(16, 'must be at least 16 characters').max(512).optional()),
  /** Hosts a webhook may reach although private or plain http (e.g. `127.0.0.1` for local tests). */
  ALERT_WEBHOOK_ALLOW: z
    .string()
    .optional()
    .transform((list) =>
      (list ?? '')
        .split(',')
        .map((host) => host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1'))
        .filter(Boolean),
    )
    .pipe(z.array(z.string().max(253)).max(100)),
};
export const alertsEnvSchema = z.object(alertsEnvShape);
export type AlertsEnv = z.infer<typeof alertsEnvSchema>;

export interface AlertsConfig {
  webhookSecret: string | undefined;
  webhookAllow: readonly string[];
}

export function alertsConfig(env: AlertsEnv): AlertsConfig {
  return { webhookSecret: env.ALERT_WEBHOOK_SECRET, webhookAllow: env.ALERT_WEBHOOK_ALLOW };
}
