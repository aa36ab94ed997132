import { z } from 'zod';

/** Every kind of change the audit log records (see docs/audit.md). */
export const auditActionSchema = z.enum([
  'auth.signed_in',
  'auth.signed_out',
  'share_link.created',
  'share_link.revoked',
  'alert_rule.created',
  'alert_rule.updated',
  'alert_rule.deleted',
  'alert_rule.tested',
  'recording_policy.created',
  'recording_policy.updated',
  'recording_policy.deleted',
]);
export type AuditAction = z.infer<typeof auditActionSchema>;

/** One change a person made. `details` holds facts about it, never a secret or a token. */
export const auditEntrySchema = z.object({
  id: z.string(),
  /** ISO-8601 UTC. */
  at: z.string(),
  actor: z.object({ sub: z.string(), name: z.string() }),
  action: auditActionSchema,
  target: z.object({ type: z.string(), id: z.string() }),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** `GET /api/audit`: newest first; `nextCursor` asks for the next older page, null at the end. */
export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  nextCursor: z.string().nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;

/** The query of `GET /api/audit` (and, without cursor and limit, of `/api/audit.csv`). */
export const auditQuerySchema = z
  .object({
    actor: z.string().trim().min(1).max(256).optional(),
    action: auditActionSchema.optional(),
    cursor: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(AUDIT_PAGE_DEFAULT),
  })
  .strict();
export type AuditQuery = z.infer<typeof auditQuerySchema>;
