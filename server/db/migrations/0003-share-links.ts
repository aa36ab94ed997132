import { sqlSteps, type Migration } from '../migration';

/** Released: never edit (a database made by an older roomwatch holds it as version 3). */
export const shareLinks: Migration = {
  version: 3,
  name: 'share links',
  up: sqlSteps({
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
  }),
};
