/**
 * What a person changed, as the audit log records it. Actions are a closed list: a new kind of
 * change adds its name here. `details` holds facts about the change (a rule's name, a room),
 * never a secret or a token.
 */
export const AUDIT_ACTIONS = [
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
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntryInput {
  actor: { sub: string; name: string };
  action: AuditAction;
  target: { type: string; id: string };
  details?: Record<string, unknown>;
}

/** The service handed to every route that changes something. */
export interface AuditLog {
  /** Records one change; a failure to write is logged, never thrown at the person's request. */
  record(entry: AuditEntryInput): Promise<void>;
}
