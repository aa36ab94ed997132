import { sqlSteps, type Migration } from '../migration';

/** Released: never edit (a database made by an older roomwatch holds it as version 1). */
export const callsAndRoomEvents: Migration = {
  version: 1,
  name: 'calls and room events',
  up: sqlSteps({
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
  }),
};
