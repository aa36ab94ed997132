/**
 * The schema, as numbered steps. A step once released never changes: a new need is a new step.
 * Both dialects describe the same tables; PostgreSQL compares keys byte-wise (COLLATE "C") so
 * paging order is the same as SQLite's.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string[];
  postgres: string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'calls and room events',
    sqlite: [
      `CREATE TABLE calls (
        provider TEXT NOT NULL,
        call_id TEXT NOT NULL,
        state TEXT NOT NULL,
        watched_since TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        last_seq INTEGER NOT NULL,
        record TEXT NOT NULL,
        last_snapshot TEXT,
        PRIMARY KEY (provider, call_id)
      )`,
      `CREATE INDEX calls_by_watched_since ON calls (watched_since DESC, provider DESC, call_id DESC)`,
      `CREATE INDEX calls_by_last_seen ON calls (last_seen_at)`,
      `CREATE TABLE room_events (
        provider TEXT NOT NULL,
        call_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (provider, call_id, seq)
      )`,
    ],
    postgres: [
      `CREATE TABLE calls (
        provider TEXT COLLATE "C" NOT NULL,
        call_id TEXT COLLATE "C" NOT NULL,
        state TEXT NOT NULL,
        watched_since TEXT COLLATE "C" NOT NULL,
        last_seen_at TEXT COLLATE "C" NOT NULL,
        last_seq BIGINT NOT NULL,
        record TEXT NOT NULL,
        last_snapshot TEXT,
        PRIMARY KEY (provider, call_id)
      )`,
      `CREATE INDEX calls_by_watched_since ON calls (watched_since DESC, provider DESC, call_id DESC)`,
      `CREATE INDEX calls_by_last_seen ON calls (last_seen_at)`,
      `CREATE TABLE room_events (
        provider TEXT COLLATE "C" NOT NULL,
        call_id TEXT COLLATE "C" NOT NULL,
        seq BIGINT NOT NULL,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (provider, call_id, seq)
      )`,
    ],
  },
  {
    version: 2,
    name: 'alert rules, alerts and their webhook deliveries',
    sqlite: [
      `CREATE TABLE alert_rules (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        body TEXT NOT NULL
      )`,
      `CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        rule_id TEXT NOT NULL,
        provider TEXT NOT NULL,
        call_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        opened_at TEXT NOT NULL,
        resolved_at TEXT
      )`,
      // One open episode per rule and room, whichever instance opens it.
      `CREATE UNIQUE INDEX alerts_one_open ON alerts (rule_id, provider, call_id) WHERE resolved_at IS NULL`,
      `CREATE INDEX alerts_by_opened ON alerts (opened_at DESC, id DESC)`,
      `CREATE TABLE alert_deliveries (
        id TEXT PRIMARY KEY,
        alert_id TEXT NOT NULL,
        event TEXT NOT NULL,
        url TEXT NOT NULL,
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        last_status TEXT,
        delivered_at TEXT,
        next_attempt_at TEXT,
        UNIQUE (alert_id, event, url)
      )`,
      `CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL`,
    ],
    postgres: [
      `CREATE TABLE alert_rules (
        id TEXT COLLATE "C" PRIMARY KEY,
        created_at TEXT COLLATE "C" NOT NULL,
        body TEXT NOT NULL
      )`,
      `CREATE TABLE alerts (
        id TEXT COLLATE "C" PRIMARY KEY,
        rule_id TEXT COLLATE "C" NOT NULL,
        provider TEXT COLLATE "C" NOT NULL,
        call_id TEXT COLLATE "C" NOT NULL,
        kind TEXT NOT NULL,
        opened_at TEXT COLLATE "C" NOT NULL,
        resolved_at TEXT COLLATE "C"
      )`,
      `CREATE UNIQUE INDEX alerts_one_open ON alerts (rule_id, provider, call_id) WHERE resolved_at IS NULL`,
      `CREATE INDEX alerts_by_opened ON alerts (opened_at DESC, id DESC)`,
      `CREATE TABLE alert_deliveries (
        id TEXT COLLATE "C" PRIMARY KEY,
        alert_id TEXT COLLATE "C" NOT NULL,
        event TEXT NOT NULL,
        url TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        attempts INTEGER NOT NULL,
        last_status TEXT,
        delivered_at TEXT COLLATE "C",
        next_attempt_at TEXT COLLATE "C",
        UNIQUE (alert_id, event, url)
      )`,
      `CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE next_attempt_at IS NOT NULL`,
    ],
  },
  {
    version: 3,
    name: 'share links',
    sqlite: [
      `CREATE TABLE share_links (
        id TEXT PRIMARY KEY,
        provider TEXT NOT NULL,
        call_id TEXT NOT NULL,
        minted_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        revoked_at TEXT
      )`,
      `CREATE INDEX share_links_by_expiry ON share_links (expires_at)`,
    ],
    postgres: [
      `CREATE TABLE share_links (
        id TEXT COLLATE "C" PRIMARY KEY,
        provider TEXT COLLATE "C" NOT NULL,
        call_id TEXT COLLATE "C" NOT NULL,
        minted_by TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        expires_at TEXT COLLATE "C" NOT NULL,
        revoked_at TEXT
      )`,
      `CREATE INDEX share_links_by_expiry ON share_links (expires_at)`,
    ],
  },
  {
    version: 4,
    name: 'audit log',
    sqlite: [
      `CREATE TABLE audit_entries (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        actor_sub TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        action TEXT NOT NULL,
        target_type TEXT NOT NULL,
        target_id TEXT NOT NULL,
        details TEXT NOT NULL
      )`,
      `CREATE INDEX audit_entries_by_at ON audit_entries (at DESC, id DESC)`,
      `CREATE INDEX audit_entries_by_actor ON audit_entries (actor_sub, at DESC, id DESC)`,
    ],
    postgres: [
      `CREATE TABLE audit_entries (
        id TEXT COLLATE "C" PRIMARY KEY,
        at TEXT COLLATE "C" NOT NULL,
        actor_sub TEXT COLLATE "C" NOT NULL,
        actor_name TEXT NOT NULL,
        action TEXT COLLATE "C" NOT NULL,
        target_type TEXT NOT NULL,
        target_id TEXT NOT NULL,
        details TEXT NOT NULL
      )`,
      `CREATE INDEX audit_entries_by_at ON audit_entries (at DESC, id DESC)`,
      `CREATE INDEX audit_entries_by_actor ON audit_entries (actor_sub, at DESC, id DESC)`,
    ],
  },
];
