import type { RoomRef } from '../../src/contract/roomAccess';
import type { CallRecord, CallsPage, CallsQuery, CallSnapshot, NewRoomEvent, RoomEvent } from '../../src/contract';

export type { RoomRef };

/**
 * What the watcher writes in one go for one room: the new events (numbered by the store), the
 * call's record as it stands after them, and the last snapshot seen (so a restart can diff the
 * first new observation against it and emit what changed while the process was down).
 */
export interface RoomWrite {
  room: RoomRef;
  events: NewRoomEvent[];
  record: CallRecord;
  lastSnapshot: CallSnapshot | null;
  /**
   * Optional: the last seq this writer knows for the room (0 for a new one). When given and the
   * store holds another, write() fails with SeqConflictError instead of numbering the events after
   * someone else's: a second instance watching the same room then fails rather than duplicates.
   */
  afterSeq?: number;
}

export interface StoredRoomState {
  record: CallRecord;
  lastSnapshot: CallSnapshot | null;
  lastSeq: number;
}

/**
 * The history store: one repository on the database of server/db (SQLite file by default,
 * PostgreSQL with DATABASE_URL), run through the contract test suite on both, and a memory
 * double for the watcher's tests. It neither opens, migrates nor closes the database.
 *
 * `seq` is assigned by the store: 1, 2, 3… per room, never reused. The (provider, call_id, seq)
 * primary key makes a second writer fail rather than duplicate (see several instances).
 */
export interface HistoryStore {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Appends the events atomically with the record and last snapshot, each with its link in the
   * room's hash chain (server/evidence/chain.ts); returns them numbered.
   * Rejects with SeqConflictError (server/history/errors.ts) when another writer took those seqs,
   * InvalidWriteError when the write does not fit the contract (nothing is written then).
   */
  write(write: RoomWrite): Promise<RoomEvent[]>;
  /** Events with seq > after, oldest first, at most `limit`. */
  events(room: RoomRef, after: number, limit: number): Promise<RoomEvent[]>;
  /** The last `limit` events, oldest first (for digests). */
  latestEvents(room: RoomRef, limit: number): Promise<RoomEvent[]>;
  /** The record, last snapshot and last seq of a room, or undefined when never watched. */
  room(room: RoomRef): Promise<StoredRoomState | undefined>;
  /** Calls newest first (by watchedSince, then provider and call id), filtered, cursor-paged. */
  listCalls(query: CallsQuery): Promise<CallsPage>;
  /** Rooms whose last record is not ended: the watcher resumes these after a restart. */
  openRooms(): Promise<RoomRef[]>;
  /**
   * Deletes calls (and their events) whose last observation is older than `before`, except governed
   * calls within their `retainDays` after it (as of `now`). Returns how many.
   */
  prune(before: Date, now: Date): Promise<number>;
  /** Whether the store answers now (for /readyz). */
  ping(): Promise<boolean>;
}
