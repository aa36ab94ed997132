import pg from 'pg';
import type { CallsPage, CallsQuery, RoomEvent } from '../../src/contract';
import { containsPattern, encodeCallsCursor, parseCallsCursor } from './cursor';
import { HistoryStartError, SeqConflictError } from './errors';
import { MIGRATIONS } from './migrations';
import {
  checkAfterSeq,
  checkWrite,
  countRowSchema,
  eventRowSchema,
  numberEvents,
  recordColumns,
  recordRowSchema,
  seqRowSchema,
  toStoredRoom,
  versionRowSchema,
} from './rows';
import type { HistoryStore, RoomRef, RoomWrite, StoreDatabase, StoredRoomState } from './store';

/** Any number: the migrations of every instance sharing a database take turns on it. */
const MIGRATION_LOCK = 0x726f6f6d;

/** `host:port/database` of a DATABASE_URL, for messages: never the user's password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname || '/'}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

export interface PostgresStoreOptions {
  /** Connections in the pool; the write queue uses one at a time, reads the rest. */
  max?: number;
  connectTimeoutMs?: number;
}

/**
 * The store for several instances or an existing database. Connects once at open so that a bad
 * DATABASE_URL stops start-up with a message naming host:port/database.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<HistoryStore> {
  const where = describeDatabaseUrl(url);
  let pool: pg.Pool;
  try {
    pool = new pg.Pool({ connectionString: url, max: options.max ?? 5, connectionTimeoutMillis: options.connectTimeoutMs ?? 5000 });
  } catch (error) {
    throw new HistoryStartError(`DATABASE_URL (${where}) is not a usable PostgreSQL URL: ${safeMessage(error, url)}`);
  }
  // An idle connection the server drops (restart, failover) must not crash the process.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new HistoryStartError(`cannot reach PostgreSQL at ${where} (DATABASE_URL): ${safeMessage(error, url)}`);
  }
  return new PostgresStore(pool);
}

/** A driver message with anything from the URL's userinfo taken out, to be safe in a log. */
function safeMessage(error: unknown, url: string): string {
  let text = error instanceof Error ? ('code' in error && typeof error.code === 'string' ? `${error.code} ${error.message}` : error.message) : String(error);
  try {
    const { password } = new URL(url);
    for (const secret of [password, decodeURIComponent(password)]) if (secret) text = text.split(secret).join('[redacted]');
  } catch {
    // Not a URL: its text never went into the message in the first place.
  }
  return text;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === '23505';
}

class PostgresStore implements HistoryStore {
  readonly kind = 'postgres' as const;

  constructor(private readonly pool: pg.Pool) {}

  async migrate(): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
      const applied = new Set((await client.query('SELECT version FROM schema_migrations')).rows.map((row) => versionRowSchema.parse(row).version));
      for (const migration of MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        for (const sql of migration.postgres) await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      }
    });
  }

  write(write: RoomWrite): Promise<RoomEvent[]> {
    const { room, record } = write;
    return this.transaction(async (client) => {
      checkWrite(write);
      // FOR UPDATE: a second writer of the same room waits here, then sees the first one's seq.
      const found = await client.query('SELECT last_seq FROM calls WHERE provider = $1 AND call_id = $2 FOR UPDATE', [room.provider, room.callId]);
      const lastSeq = found.rows[0] === undefined ? 0 : seqRowSchema.parse(found.rows[0]).last_seq;
      checkAfterSeq(write, lastSeq);
      const numbered = numberEvents(write.events, lastSeq);
      if (numbered.length > 0) {
        const values: unknown[] = [];
        const tuples = numbered.map((event, i) => {
          values.push(room.provider, room.callId, event.seq, event.kind, event.at, JSON.stringify(event));
          const n = i * 6;
          return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6})`;
        });
        try {
          await client.query(`INSERT INTO room_events (provider, call_id, seq, kind, at, body) VALUES ${tuples.join(', ')}`, values);
        } catch (error) {
          // Two writers of a room never seen before both start at seq 1: the key stops the second.
          if (isUniqueViolation(error)) throw new SeqConflictError(room.provider, room.callId, 'seq already written by another writer');
          throw error;
        }
      }
      const columns = recordColumns(record);
      await client.query(
        `INSERT INTO calls (provider, call_id, state, watched_since, last_seen_at, last_seq, record, last_snapshot)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (provider, call_id) DO UPDATE SET
           state = excluded.state, watched_since = excluded.watched_since, last_seen_at = excluded.last_seen_at,
           last_seq = excluded.last_seq, record = excluded.record, last_snapshot = excluded.last_snapshot`,
        [
          room.provider,
          room.callId,
          columns.state,
          columns.watchedSince,
          columns.lastSeenAt,
          lastSeq + numbered.length,
          JSON.stringify(record),
          write.lastSnapshot === null ? null : JSON.stringify(write.lastSnapshot),
        ],
      );
      return numbered;
    });
  }

  async events(room: RoomRef, after: number, limit: number): Promise<RoomEvent[]> {
    const result = await this.pool.query('SELECT body FROM room_events WHERE provider = $1 AND call_id = $2 AND seq > $3 ORDER BY seq LIMIT $4', [
      room.provider,
      room.callId,
      after,
      limit,
    ]);
    return result.rows.map((row) => eventRowSchema.parse(row).body);
  }

  async latestEvents(room: RoomRef, limit: number): Promise<RoomEvent[]> {
    const result = await this.pool.query('SELECT body FROM room_events WHERE provider = $1 AND call_id = $2 ORDER BY seq DESC LIMIT $3', [
      room.provider,
      room.callId,
      limit,
    ]);
    return result.rows.map((row) => eventRowSchema.parse(row).body).reverse();
  }

  async room(room: RoomRef): Promise<StoredRoomState | undefined> {
    const result = await this.pool.query('SELECT record, last_snapshot, last_seq FROM calls WHERE provider = $1 AND call_id = $2', [room.provider, room.callId]);
    return result.rows[0] === undefined ? undefined : toStoredRoom(result.rows[0]);
  }

  async listCalls(query: CallsQuery): Promise<CallsPage> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const param = (value: string | number) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.status === 'live') where.push("state <> 'ended'");
    if (query.status === 'ended') where.push("state = 'ended'");
    if (query.provider) where.push(`provider = ${param(query.provider)}`);
    if (query.q) where.push(`lower(call_id) LIKE ${param(containsPattern(query.q))} ESCAPE '\\'`);
    if (query.cursor !== undefined) {
      const after = parseCallsCursor(query.cursor);
      where.push(`(watched_since, provider, call_id) < (${param(after.watchedSince)}, ${param(after.provider)}, ${param(after.callId)})`);
    }
    const sql = `SELECT record FROM calls ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY watched_since DESC, provider DESC, call_id DESC LIMIT ${param(query.limit + 1)}`;
    const rows = (await this.pool.query(sql, params)).rows;
    const calls = rows.slice(0, query.limit).map((row) => recordRowSchema.parse(row).record);
    const last = calls.at(-1);
    const more = rows.length > query.limit && last !== undefined;
    return {
      calls,
      nextCursor: more ? encodeCallsCursor({ watchedSince: recordColumns(last).watchedSince, provider: last.provider, callId: last.callId }) : null,
    };
  }

  async openRooms(): Promise<RoomRef[]> {
    const result = await this.pool.query("SELECT record FROM calls WHERE state <> 'ended' ORDER BY provider, call_id");
    return result.rows.map((row) => {
      const { provider, callId } = recordRowSchema.parse(row).record;
      return { provider, callId };
    });
  }

  prune(before: Date): Promise<number> {
    const cutoff = before.toISOString();
    return this.transaction(async (client) => {
      await client.query('DELETE FROM room_events e USING calls c WHERE e.provider = c.provider AND e.call_id = c.call_id AND c.last_seen_at < $1', [cutoff]);
      return (await client.query('DELETE FROM calls WHERE last_seen_at < $1', [cutoff])).rowCount ?? 0;
    });
  }

  database(): StoreDatabase {
    return { kind: 'postgres', pool: this.pool };
  }

  async ping(): Promise<boolean> {
    try {
      const result = await this.pool.query('SELECT 1 AS n');
      return countRowSchema.parse(result.rows[0]).n === 1;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      // A connection that could not even roll back is not returned to the pool.
      client.release(broken);
    }
  }
}
