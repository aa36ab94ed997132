import { sqlSteps, type Migration } from '../migration';

/** Released: never edit (a database made by an older roomwatch holds it as version 2). */
export const alerts: Migration = {
  version: 2,
  name: 'alert rules, alerts and their webhook deliveries',
  up: sqlSteps({
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
  }),
};
