import { z } from 'zod';
import { providerIdSchema, type ProviderId } from '../../src/contract/ids';
import type { StoreDatabase } from '../history/store';

/** One minted share link as kept: never the token, only what identifies and bounds it. */
export interface ShareLinkRecord {
  id: string;
  provider: ProviderId;
  callId: string;
  /** `sub` of the moderator who minted it. */
  mintedBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

/**
 * Where share links and their revocations are kept: the history's database when there is one
 * (so a revocation outlives a restart), else memory (HISTORY=off: revocations last as long as the process).
 */
export interface ShareLinkStore {
  add(link: ShareLinkRecord): Promise<void>;
  get(id: string): Promise<ShareLinkRecord | undefined>;
  /** Links not yet expired at `now` (ISO), revoked or not. */
  unexpired(now: string): Promise<ShareLinkRecord[]>;
  /** Marks the link revoked; false when it was already. */
  revoke(id: string, at: string): Promise<boolean>;
  /** Forgets links that expired before `before` (ISO): their tokens fail on `exp` anyway. */
  prune(before: string): Promise<void>;
}

const rowSchema = z.object({
  id: z.string(),
  provider: providerIdSchema,
  call_id: z.string(),
  minted_by: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
  revoked_at: z.string().nullable(),
});

function toRecord(row: unknown): ShareLinkRecord {
  const r = rowSchema.parse(row);
  return {
    id: r.id,
    provider: r.provider,
    callId: r.call_id,
    mintedBy: r.minted_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  };
}

const COLUMNS = 'id, provider, call_id, minted_by, created_at, expires_at, revoked_at';

export class MemoryShareLinkStore implements ShareLinkStore {
  private readonly links = new Map<string, ShareLinkRecord>();

  add(link: ShareLinkRecord): Promise<void> {
    this.links.set(link.id, { ...link });
    return Promise.resolve();
  }
  get(id: string): Promise<ShareLinkRecord | undefined> {
    const link = this.links.get(id);
    return Promise.resolve(link ? { ...link } : undefined);
  }
  unexpired(now: string): Promise<ShareLinkRecord[]> {
    return Promise.resolve([...this.links.values()].filter((l) => l.expiresAt > now).map((l) => ({ ...l })));
  }
  revoke(id: string, at: string): Promise<boolean> {
    const link = this.links.get(id);
    if (!link || link.revokedAt !== null) return Promise.resolve(false);
    link.revokedAt = at;
    return Promise.resolve(true);
  }
  prune(before: string): Promise<void> {
    for (const [id, link] of this.links) if (link.expiresAt < before) this.links.delete(id);
    return Promise.resolve();
  }
}

type SqliteDb = Extract<StoreDatabase, { kind: 'sqlite' }>['db'];
type PgPool = Extract<StoreDatabase, { kind: 'postgres' }>['pool'];

/** The table of migration step 3 in the history's SQLite file. */
export class SqliteShareLinkStore implements ShareLinkStore {
  constructor(private readonly db: SqliteDb) {}

  add(link: ShareLinkRecord): Promise<void> {
    return this.run(() => {
      this.db
        .prepare(`INSERT INTO share_links (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`)
        .run(link.id, link.provider, link.callId, link.mintedBy, link.createdAt, link.expiresAt, link.revokedAt);
    });
  }
  get(id: string): Promise<ShareLinkRecord | undefined> {
    return this.run(() => {
      const row: unknown = this.db.prepare(`SELECT ${COLUMNS} FROM share_links WHERE id = ?`).get(id);
      return row ? toRecord(row) : undefined;
    });
  }
  unexpired(now: string): Promise<ShareLinkRecord[]> {
    return this.run(() =>
      (this.db.prepare(`SELECT ${COLUMNS} FROM share_links WHERE expires_at > ? ORDER BY created_at DESC`).all(now) as unknown[]).map(toRecord),
    );
  }
  revoke(id: string, at: string): Promise<boolean> {
    return this.run(() => this.db.prepare('UPDATE share_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes > 0);
  }
  prune(before: string): Promise<void> {
    return this.run(() => {
      this.db.prepare('DELETE FROM share_links WHERE expires_at < ?').run(before);
    });
  }

  /** The driver throws synchronously; callers expect rejections. */
  private run<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

/** The same table in PostgreSQL. */
export class PostgresShareLinkStore implements ShareLinkStore {
  constructor(private readonly pool: PgPool) {}

  async add(link: ShareLinkRecord): Promise<void> {
    await this.pool.query(`INSERT INTO share_links (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      link.id,
      link.provider,
      link.callId,
      link.mintedBy,
      link.createdAt,
      link.expiresAt,
      link.revokedAt,
    ]);
  }
  async get(id: string): Promise<ShareLinkRecord | undefined> {
    const result = await this.pool.query(`SELECT ${COLUMNS} FROM share_links WHERE id = $1`, [id]);
    const row: unknown = result.rows[0];
    return row ? toRecord(row) : undefined;
  }
  async unexpired(now: string): Promise<ShareLinkRecord[]> {
    const result = await this.pool.query(`SELECT ${COLUMNS} FROM share_links WHERE expires_at > $1 ORDER BY created_at DESC`, [now]);
    return (result.rows as unknown[]).map(toRecord);
  }
  async revoke(id: string, at: string): Promise<boolean> {
    const result = await this.pool.query('UPDATE share_links SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id]);
    return (result.rowCount ?? 0) > 0;
  }
  async prune(before: string): Promise<void> {
    await this.pool.query('DELETE FROM share_links WHERE expires_at < $1', [before]);
  }
}

export function shareLinkStoreOn(database: StoreDatabase | undefined): ShareLinkStore {
  switch (database?.kind) {
    case 'sqlite':
      return new SqliteShareLinkStore(database.db);
    case 'postgres':
      return new PostgresShareLinkStore(database.pool);
    default:
      return new MemoryShareLinkStore();
  }
}
