import { sqlSteps, type Migration } from '../migration';

/** The audit log (docs/audit.md): append-only, read newest first, optionally by actor. */
export const auditLog: Migration = {
  version: 4,
  name: 'audit log',
  up: sqlSteps({
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
  }),
};
