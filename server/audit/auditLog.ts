import type { Identity } from '../../src/contract/dashboard';
import type { AuditAction } from '../../src/contract/audit';

export { auditActionSchema, type AuditAction } from '../../src/contract/audit';

/** What a route hands the audit log: the store adds `id` and `at`. */
export interface AuditEntryInput {
  actor: { sub: string; name: string };
  action: AuditAction;
  target: { type: string; id: string };
  /** Facts about the change (a rule's name, a room); never a secret or a token. */
  details?: Record<string, unknown>;
}

/** The service handed to every route that changes something (the recording policy routes too). */
export interface AuditLog {
  /** Records one change. A failure to write is logged, never thrown at the person's request. */
  record(entry: AuditEntryInput): Promise<void>;
}

/** The actor of a signed-in request: its `sub`, and the display name when the session has one. */
export function actorOf(identity: Identity): AuditEntryInput['actor'] {
  return { sub: identity.sub, name: identity.name ?? identity.sub };
}
