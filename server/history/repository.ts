import { sql } from 'kysely';
import type { CallsPage, CallsQuery, RoomEvent } from '../../src/contract';
import { isUniqueViolation, type AppDatabase } from '../db';
import { containsPattern, encodeCallsCursor, parseCallsCursor } from './cursor';
import { SeqConflictError } from './errors';
import { checkAfterSeq, checkWrite, eventRowSchema, numberEvents, recordColumns, recordRowSchema, seqRowSchema, toStoredRoom } from './rows';
import type { HistoryStore, RoomRef, RoomWrite } from './store';

/**
 * The history on the database (SQLite or PostgreSQL): every query once, through Kysely. The
 * database is opened, migrated and closed by server/db, not here.
 */
export function historyRepository(database: AppDatabase): HistoryStore {
  const { db } = database;
  const ofRoom = (room: RoomRef) => ({ provider: room.provider, call_id: room.callId });

  return {
    kind: database.kind,

    write(write: RoomWrite): Promise<RoomEvent[]> {
      const { room, record } = write;
      return database.transaction(async (trx) => {
        checkWrite(write);
        // SQLite holds the write lock already (BEGIN IMMEDIATE); on PostgreSQL a second writer of
        // the same room waits here, then sees the first one's seq.
        let lastSeqQuery = trx.selectFrom('calls').select('last_seq').where('provider', '=', room.provider).where('call_id', '=', room.callId);
        if (database.kind === 'postgres') lastSeqQuery = lastSeqQuery.forUpdate();
        const found = await lastSeqQuery.executeTakeFirst();
        const lastSeq = found === undefined ? 0 : seqRowSchema.parse(found).last_seq;
        checkAfterSeq(write, lastSeq);
        const numbered = numberEvents(write.events, lastSeq);
        if (numbered.length > 0) {
          try {
            await trx
              .insertInto('room_events')
              .values(numbered.map((event) => ({ ...ofRoom(room), seq: event.seq, kind: event.kind, at: event.at, body: JSON.stringify(event) })))
              .execute();
          } catch (error) {
            // Two writers of a room never seen before both start at seq 1: the key stops the second.
            if (isUniqueViolation(error)) throw new SeqConflictError(room.provider, room.callId, 'seq already written by another writer');
            throw error;
          }
        }
        const columns = recordColumns(record);
        const row = {
          state: columns.state,
          watched_since: columns.watchedSince,
          last_seen_at: columns.lastSeenAt,
          last_seq: lastSeq + numbered.length,
          record: JSON.stringify(record),
          last_snapshot: write.lastSnapshot === null ? null : JSON.stringify(write.lastSnapshot),
        };
        await trx
          .insertInto('calls')
          .values({ ...ofRoom(room), ...row })
          .onConflict((conflict) => conflict.columns(['provider', 'call_id']).doUpdateSet(row))
          .execute();
        return numbered;
      });
    },

    async events(room, after, limit) {
      const rows = await db
        .selectFrom('room_events')
        .select('body')
        .where('provider', '=', room.provider)
        .where('call_id', '=', room.callId)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map((row) => eventRowSchema.parse(row).body);
    },

    async latestEvents(room, limit) {
      const rows = await db
        .selectFrom('room_events')
        .select('body')
        .where('provider', '=', room.provider)
        .where('call_id', '=', room.callId)
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute();
      return rows.map((row) => eventRowSchema.parse(row).body).reverse();
    },

    async room(room) {
      const row = await db
        .selectFrom('calls')
        .select(['record', 'last_snapshot', 'last_seq'])
        .where('provider', '=', room.provider)
        .where('call_id', '=', room.callId)
        .executeTakeFirst();
      return row === undefined ? undefined : toStoredRoom(row);
    },

    async listCalls(query: CallsQuery): Promise<CallsPage> {
      const after = query.cursor === undefined ? undefined : parseCallsCursor(query.cursor);
      let select = db.selectFrom('calls').select('record');
      if (query.status === 'live') select = select.where('state', '<>', 'ended');
      if (query.status === 'ended') select = select.where('state', '=', 'ended');
      if (query.provider) select = select.where('provider', '=', query.provider);
      // The pattern escapes % and _ with a backslash; both dialects need ESCAPE to honour it.
      if (query.q) select = select.where(sql<boolean>`lower(call_id) LIKE ${containsPattern(query.q)} ESCAPE '\\'`);
      if (after) {
        select = select.where(({ eb, refTuple, tuple }) =>
          eb(refTuple('watched_since', 'provider', 'call_id'), '<', tuple(after.watchedSince, after.provider, after.callId)),
        );
      }
      const rows = await select
        .orderBy('watched_since', 'desc')
        .orderBy('provider', 'desc')
        .orderBy('call_id', 'desc')
        .limit(query.limit + 1)
        .execute();
      const calls = rows.slice(0, query.limit).map((row) => recordRowSchema.parse(row).record);
      const last = calls.at(-1);
      const more = rows.length > query.limit && last !== undefined;
      return {
        calls,
        nextCursor: more ? encodeCallsCursor({ watchedSince: recordColumns(last).watchedSince, provider: last.provider, callId: last.callId }) : null,
      };
    },

    async openRooms() {
      const rows = await db.selectFrom('calls').select('record').where('state', '<>', 'ended').orderBy('provider').orderBy('call_id').execute();
      return rows.map((row) => {
        const { provider, callId } = recordRowSchema.parse(row).record;
        return { provider, callId };
      });
    },

    prune(before: Date): Promise<number> {
      const cutoff = before.toISOString();
      return database.transaction(async (trx) => {
        await trx
          .deleteFrom('room_events')
          .where(({ eb, refTuple, selectFrom }) =>
            eb(refTuple('provider', 'call_id'), 'in', selectFrom('calls').select(['provider', 'call_id']).where('last_seen_at', '<', cutoff).$asTuple('provider', 'call_id')),
          )
          .execute();
        const result = await trx.deleteFrom('calls').where('last_seen_at', '<', cutoff).executeTakeFirst();
        return Number(result.numDeletedRows);
      });
    },

    ping: () => database.ping(),
  };
}
