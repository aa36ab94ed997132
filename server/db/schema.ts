import type { ColumnType } from 'kysely';

/**
 * Every table of the database, as Kysely sees it: one interface for both dialects. Times are ISO
 * text (they sort as text in both), JSON values are text parsed with the contract schemas on the
 * way out. A table added by a migration gets its interface here too.
 */

/** SQLite answers integers as number; PostgreSQL's BIGINT comes back as text. Parse with zod. */
export type StoredInteger = ColumnType<number | string | bigint, number, number>;

export interface SchemaMigrationsTable {
  version: StoredInteger;
  name: string;
  /** TEXT in SQLite (written by the runner), TIMESTAMPTZ DEFAULT now() in PostgreSQL. */
  applied_at: ColumnType<string | Date, string | undefined, never>;
}

export interface CallsTable {
  provider: string;
  call_id: string;
  state: string;
  watched_since: string;
  last_seen_at: string;
  last_seq: StoredInteger;
  /** JSON: the CallRecord. */
  record: string;
  /** JSON: the last CallSnapshot, or null. */
  last_snapshot: string | null;
}

export interface RoomEventsTable {
  provider: string;
  call_id: string;
  seq: StoredInteger;
  kind: string;
  at: string;
  /** JSON: the RoomEvent. */
  body: string;
  /** The room's hash chain (server/evidence/chain.ts): the link before, and this event's hash. */
  prev_hash: string | null;
  hash: string | null;
}

export interface AlertRulesTable {
  id: string;
  created_at: string;
  /** JSON: the rule without its id. */
  body: string;
}

export interface AlertsTable {
  id: string;
  rule_id: string;
  provider: string;
  call_id: string;
  kind: string;
  opened_at: string;
  resolved_at: string | null;
}

export interface AlertDeliveriesTable {
  id: string;
  alert_id: string;
  event: string;
  url: string;
  created_at: string;
  attempts: StoredInteger;
  last_status: string | null;
  delivered_at: string | null;
  next_attempt_at: string | null;
}

export interface ShareLinksTable {
  id: string;
  provider: string;
  call_id: string;
  minted_by: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface AuditEntriesTable {
  id: string;
  at: string;
  actor_sub: string;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string;
  /** JSON object. */
  details: string;
}

export interface RecordingPoliciesTable {
  id: string;
  /** Creation order: the first enabled matching policy governs a call. */
  position: StoredInteger;
  /** JSON: the RecordingPolicy. */
  body: string;
}

export interface CallGovernanceTable {
  provider: string;
  call_id: string;
  /** JSON: the Governance frozen with the call, or `null` when it was settled as ungoverned. */
  body: string;
  /** The governed call's retainDays (null when ungoverned): pruning keeps it that long after it ends. */
  retain_days: ColumnType<number | string | bigint | null, number | null, number | null>;
}

export interface EvidenceKeysTable {
  /** RFC 7638 thumbprint. */
  kid: string;
  /** JSON: the public JWK. */
  jwk: string;
}

export interface Database {
  schema_migrations: SchemaMigrationsTable;
  calls: CallsTable;
  room_events: RoomEventsTable;
  alert_rules: AlertRulesTable;
  alerts: AlertsTable;
  alert_deliveries: AlertDeliveriesTable;
  share_links: ShareLinksTable;
  audit_entries: AuditEntriesTable;
  recording_policies: RecordingPoliciesTable;
  call_governance: CallGovernanceTable;
  evidence_keys: EvidenceKeysTable;
}
