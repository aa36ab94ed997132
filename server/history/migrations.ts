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
    // Step 2 is the alerts' tables (kept apart on their own branch); the numbers need not arrive in order.
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
];
