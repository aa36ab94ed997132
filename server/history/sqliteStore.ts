import { mkdirSync, accessSync, constants } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'libsql';
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

export const SQLITE_FILE = 'roomwatch.db';

/**
 * The zero-setup store: one SQLite file in DATA_DIR, in WAL mode. libsql's calls are synchronous,
 * so each write() runs start to end without another write interleaving; they are short (one
 * transaction of a few rows) and the promise interface matches the PostgreSQL store.
 */
export function openSqliteStore(dataDir: string): HistoryStore {
  const dir = resolve(dataDir);
  const file = join(dir, SQLITE_FILE);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new HistoryStartError(`DATA_DIR ${dir} is not writable (${describe(error)}): set DATA_DIR to a writable directory, or HISTORY=off`);
  }
  let db: Database.Database;
  try {
    db = new Database(file);
    // Readers never wait for the writer; NORMAL is durable at each checkpoint and loses at most
    // the last transactions on power loss, never on a process crash (kill -9).
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    // Short: the calls are synchronous, so waiting on another process's lock stalls the event loop.
    db.exec('PRAGMA busy_timeout = 100');
  } catch (error) {
    throw new HistoryStartError(`cannot open the history file ${file} in DATA_DIR (${describe(error)}): is it a SQLite database roomwatch may write?`);
  }
  return new SqliteStore(db);
}

function describe(error: unknown): string {
  if (error instanceof Error) return 'code' in error && typeof error.code === 'string' ? `${error.code}: ${error.message}` : error.message;
  return String(error);
}

function isPrimaryKeyViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_CONSTRAINT');
}

class SqliteStore implements HistoryStore {
  readonly kind = 'sqlite' as const;

  constructor(private readonly db: Database.Database) {}

  migrate(): Promise<void> {
    const db = this.db;
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )`);
    const applied = new Set(
      db
        .prepare('SELECT version FROM schema_migrations')
        .all()
        .map((row) => versionRowSchema.parse(row).version),
    );
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      // IMMEDIATE: a second process migrating the same file waits or fails, it never applies a step twice.
      db.transaction(() => {
        const again = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version);
        if (again) return;
        for (const sql of migration.sqlite) db.exec(sql);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          migration.version,
          migration.name,
          new Date().toISOString(),
        );
      }).immediate();
    }
    return Promise.resolve();
  }

  write(write: RoomWrite): Promise<RoomEvent[]> {
    return this.run(() => {
      checkWrite(write);
      const { room, record } = write;
      const db = this.db;
      return db.transaction((): RoomEvent[] => {
        const row = db.prepare('SELECT last_seq FROM calls WHERE provider = ? AND call_id = ?').get(room.provider, room.callId);
        const lastSeq = row === undefined ? 0 : seqRowSchema.parse(row).last_seq;
        checkAfterSeq(write, lastSeq);
        const numbered = numberEvents(write.events, lastSeq);
        const insert = db.prepare('INSERT INTO room_events (provider, call_id, seq, kind, at, body) VALUES (?, ?, ?, ?, ?, ?)');
        try {
          for (const event of numbered) insert.run(room.provider, room.callId, event.seq, event.kind, event.at, JSON.stringify(event));
        } catch (error) {
          if (isPrimaryKeyViolation(error)) throw new SeqConflictError(room.provider, room.callId, 'seq already written by another writer');
          throw error;
        }
        const columns = recordColumns(record);
        db.prepare(
          `INSERT INTO calls (provider, call_id, state, watched_since, last_seen_at, last_seq, record, last_snapshot)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (provider, call_id) DO UPDATE SET
             state = excluded.state, watched_since = excluded.watched_since, last_seen_at = excluded.last_seen_at,
             last_seq = excluded.last_seq, record = excluded.record, last_snapshot = excluded.last_snapshot`,
        ).run(
          room.provider,
          room.callId,
          columns.state,
          columns.watchedSince,
          columns.lastSeenAt,
          lastSeq + numbered.length,
          JSON.stringify(record),
          write.lastSnapshot === null ? null : JSON.stringify(write.lastSnapshot),
        );
        return numbered;
      }).immediate();
    });
  }

  events(room: RoomRef, after: number, limit: number): Promise<RoomEvent[]> {
    return this.run(() =>
      this.db
        .prepare('SELECT body FROM room_events WHERE provider = ? AND call_id = ? AND seq > ? ORDER BY seq LIMIT ?')
        .all(room.provider, room.callId, after, limit)
        .map((row) => eventRowSchema.parse(row).body),
    );
  }

  latestEvents(room: RoomRef, limit: number): Promise<RoomEvent[]> {
    return this.run(() =>
      this.db
        .prepare('SELECT body FROM room_events WHERE provider = ? AND call_id = ? ORDER BY seq DESC LIMIT ?')
        .all(room.provider, room.callId, limit)
        .map((row) => eventRowSchema.parse(row).body)
        .reverse(),
    );
  }

  room(room: RoomRef): Promise<StoredRoomState | undefined> {
    return this.run(() => {
      const row = this.db
        .prepare('SELECT record, last_snapshot, last_seq FROM calls WHERE provider = ? AND call_id = ?')
        .get(room.provider, room.callId);
      return row === undefined ? undefined : toStoredRoom(row);
    });
  }

  listCalls(query: CallsQuery): Promise<CallsPage> {
    return this.run(() => {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (query.status === 'live') where.push("state <> 'ended'");
      if (query.status === 'ended') where.push("state = 'ended'");
      if (query.provider) {
        where.push('provider = ?');
        params.push(query.provider);
      }
      if (query.q) {
        where.push("lower(call_id) LIKE ? ESCAPE '\\'");
        params.push(containsPattern(query.q));
      }
      if (query.cursor !== undefined) {
        const after = parseCallsCursor(query.cursor);
        where.push('(watched_since, provider, call_id) < (?, ?, ?)');
        params.push(after.watchedSince, after.provider, after.callId);
      }
      const sql = `SELECT record FROM calls ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY watched_since DESC, provider DESC, call_id DESC LIMIT ?`;
      const rows = this.db.prepare(sql).all(...params, query.limit + 1);
      const calls = rows.slice(0, query.limit).map((row) => recordRowSchema.parse(row).record);
      const last = calls.at(-1);
      const more = rows.length > query.limit && last !== undefined;
      return {
        calls,
        nextCursor: more ? encodeCallsCursor({ watchedSince: recordColumns(last).watchedSince, provider: last.provider, callId: last.callId }) : null,
      };
    });
  }

  openRooms(): Promise<RoomRef[]> {
    return this.run(() =>
      this.db
        .prepare("SELECT record FROM calls WHERE state <> 'ended' ORDER BY provider, call_id")
        .all()
        .map((row) => {
          const { provider, callId } = recordRowSchema.parse(row).record;
          return { provider, callId };
        }),
    );
  }

  prune(before: Date): Promise<number> {
    return this.run(() => {
      const db = this.db;
      const cutoff = before.toISOString();
      return db.transaction((): number => {
        db.prepare(
          `DELETE FROM room_events WHERE (provider, call_id) IN (SELECT provider, call_id FROM calls WHERE last_seen_at < ?)`,
        ).run(cutoff);
        return db.prepare('DELETE FROM calls WHERE last_seen_at < ?').run(cutoff).changes;
      }).immediate();
    });
  }

  database(): StoreDatabase {
    return { kind: 'sqlite', db: this.db };
  }

  ping(): Promise<boolean> {
    try {
      return Promise.resolve(countRowSchema.parse(this.db.prepare('SELECT 1 AS n').get()).n === 1);
    } catch {
      return Promise.resolve(false);
    }
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }

  /** Turns the driver's synchronous throws into rejections, like the PostgreSQL store's. */
  private run<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
