import { z } from 'zod';

/** The audit log's environment variables, spread into the process env schema. */
export const auditEnvShape = {
  /** How long audit entries are kept, in days. */
  AUDIT_DAYS: z.coerce.number().int().min(1).max(36_500).default(400),
};

export interface AuditConfig {
  days: number;
}

export function auditConfig(env: { AUDIT_DAYS: number }): AuditConfig {
  return { days: env.AUDIT_DAYS };
}
