import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { CallsPage, CallsQuery, RoomEvent } from '../../src/contract';
import { isUniqueViolation, type AppDatabase, type Database } from '../db';
import { compiledOnce } from '../db/compiledOnce';
import { chain, GENESIS_HASH } from '../evidence/chain';
import { containsPattern, encodeCallsCursor, parseCallsCursor } from './cursor';
import { SeqConflictError } from './errors';
import { checkAfterSeq, checkWrite, eventRowSchema, numberEvents, recordColumns, recordRowSchema, seqRowSchema, toStoredRoom } from './rows';
import type { HistoryStore, RoomRef, RoomWrite } from './store';

const DAY_MS = 86_400_000;
const hashRow = z.object({ hash: z.string().nullable() });
const retainRow = z.object({ retain_days: z.union([z.number(), z.bigint(), z.string()]).transform(Number) });

/**
 * The calls a prune deletes: last seen before `cutoff`, except governed calls still within their
 * `retainDays` after they ended (their last observation). Retention periods are few (one per
 * policy value), so each gets its own condition and the query is the same in both dialects.
 */
async function prunable(trx: Kysely<Database>, cutoff: string, now: Date) {
  const periods = (await trx.selectFrom('call_governance').select('retain_days').distinct().where('retain_days', 'is not', null).execute()).map(
    (row) => retainRow.parse(row).retain_days,
  );
  let calls = trx.selectFrom('calls').select(['calls.provider', 'calls.call_id']).where('calls.last_seen_at', '<', cutoff);
  if (periods.length > 0) {
    calls = calls.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('call_governance as g')
            .select('g.provider')
            .whereRef('g.provider', '=', 'calls.provider')
            .whereRef('g.call_id', '=', 'calls.call_id')
            .where((g) =>
              g.or(periods.map((days) => g.and([g('g.retain_days', '=', days), g('calls.last_seen_at', '>=', new Date(now.getTime() - days * DAY_MS).toISOString())]))),
            ),
        ),
      ),
    );
  }
  return calls.$asTuple('provider', 'call_id');
}

/**
 * The history on the database (SQLite or PostgreSQL): every query once, through Kysely. The
 * database is opened, migrated and closed by server/db, not here.
 */
export function historyRepository(database: AppDatabase): HistoryStore {
  const { db } = database;
  const queries = hotQueries(database);

  /** The hash the room's next event links to: the last stored event's, or the genesis for a new room. */
  async function headHash(trx: Kysely<Database>, room: RoomRef, lastSeq: number): Promise<string> {
    if (lastSeq === 0) return GENESIS_HASH;
    const row = (await trx.executeQuery(queries.hashAt(room.provider, room.callId, lastSeq))).rows[0];
    // A last row without a link (written by an older roomwatch on a shared database) leaves the
    // chain visibly broken there rather than guessed.
    return (row === undefined ? null : hashRow.parse(row).hash) ?? GENESIS_HASH;
  }

  return {
    kind: database.kind,

    write(write: RoomWrite): Promise<RoomEvent[]> {
      const { room, record } = write;
      return database.transaction(async (trx) => {
        checkWrite(write);
        // SQLite holds the write lock already (BEGIN IMMEDIATE); on PostgreSQL a second writer of
        // the same room waits here (FOR UPDATE), then sees the first one's seq.
        const found = (await trx.executeQuery(queries.lastSeq(room.provider, room.callId))).rows[0];
        const lastSeq = found === undefined ? 0 : seqRowSchema.parse(found).last_seq;
        checkAfterSeq(write, lastSeq);
        const numbered = numberEvents(write.events, lastSeq);
        if (numbered.length > 0) {
          // Each event's link in the room's hash chain lands with it (server/evidence/chain.ts).
          const linked = chain(numbered, await headHash(trx, room, lastSeq));
          const rows = numbered.map((event, i) => ({
            provider: room.provider,
            call_id: room.callId,
            seq: event.seq,
            kind: event.kind,
            at: event.at,
            body: JSON.stringify(event),
            prev_hash: linked[i]?.prevHash ?? null,
            hash: linked[i]?.hash ?? null,
          }));
          try {
            // Most polls write one event: that insert is compiled once; a batch is built as it comes.
            const [only] = rows;
            if (rows.length === 1 && only) {
              const { provider, call_id, seq, kind, at, body, prev_hash, hash } = only;
              await trx.executeQuery(queries.insertEvent(provider, call_id, seq, kind, at, body, prev_hash, hash));
            } else await trx.insertInto('room_events').values(rows).execute();
          } catch (error) {
            // Two writers of a room never seen before both start at seq 1: the key stops the second.
            if (isUniqueViolation(error)) throw new SeqConflictError(room.provider, room.callId, 'seq already written by another writer');
            throw error;
          }
        }
        const columns = recordColumns(record);
        await trx.executeQuery(
          queries.upsertCall(
            room.provider,
            room.callId,
            columns.state,
            columns.watchedSince,
            columns.lastSeenAt,
            lastSeq + numbered.length,
            JSON.stringify(record),
            write.lastSnapshot === null ? null : JSON.stringify(write.lastSnapshot),
          ),
        );
        return numbered;
      });
    },

    async events(room, after, limit) {
      const { rows } = await db.executeQuery(queries.eventsAfter(room.provider, room.callId, after, limit));
      return rows.map((row) => eventRowSchema.parse(row).body);
    },

    async latestEvents(room, limit) {
      const { rows } = await db.executeQuery(queries.latestEvents(room.provider, room.callId, limit));
      return rows.map((row) => eventRowSchema.parse(row).body).reverse();
    },

    async room(room) {
      const row = (await db.executeQuery(queries.room(room.provider, room.callId))).rows[0];
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

    prune(before: Date, now: Date): Promise<number> {
      const cutoff = before.toISOString();
      return database.transaction(async (trx) => {
        // A room goes whole (events, governance, figures, call) or stays whole: a kept chain is never cut.
        const doomed = await prunable(trx, cutoff, now);
        await trx
          .deleteFrom('room_events')
          .where(({ eb, refTuple }) => eb(refTuple('provider', 'call_id'), 'in', doomed))
          .execute();
        await trx
          .deleteFrom('call_assurance')
          .where(({ eb, refTuple }) => eb(refTuple('provider', 'call_id'), 'in', doomed))
          .execute();
        await trx
          .deleteFrom('call_governance')
          .where(({ eb, refTuple }) => eb(refTuple('provider', 'call_id'), 'in', doomed))
          .execute();
        const result = await trx
          .deleteFrom('calls')
          .where(({ eb, refTuple }) => eb(refTuple('provider', 'call_id'), 'in', doomed))
          .executeTakeFirst();
        return Number(result.numDeletedRows);
      });
    },

    ping: () => database.ping(),
  };
}

/**
 * The queries the watcher runs for every room it takes on, polls or drops, compiled once for the
 * database's dialect (db/compiledOnce.ts); the rest are built per call.
 */
function hotQueries(database: AppDatabase) {
  const { db } = database;
  return {
    lastSeq: compiledOnce((provider: string, callId: string) => {
      const query = db.selectFrom('calls').select('last_seq').where('provider', '=', provider).where('call_id', '=', callId);
      return database.kind === 'postgres' ? query.forUpdate() : query;
    }),
    hashAt: compiledOnce((provider: string, callId: string, seq: number) =>
      db.selectFrom('room_events').select('hash').where('provider', '=', provider).where('call_id', '=', callId).where('seq', '=', seq),
    ),
    insertEvent: compiledOnce(
      (provider: string, callId: string, seq: number, kind: string, at: string, body: string, prevHash: string | null, hash: string | null) =>
        db.insertInto('room_events').values({ provider, call_id: callId, seq, kind, at, body, prev_hash: prevHash, hash }),
    ),
    upsertCall: compiledOnce(
      (
        provider: string,
        callId: string,
        state: string,
        watchedSince: string,
        lastSeenAt: string,
        lastSeq: number,
        record: string,
        lastSnapshot: string | null,
      ) => {
        const row = { state, watched_since: watchedSince, last_seen_at: lastSeenAt, last_seq: lastSeq, record, last_snapshot: lastSnapshot };
        return db
          .insertInto('calls')
          .values({ provider, call_id: callId, ...row })
          .onConflict((conflict) => conflict.columns(['provider', 'call_id']).doUpdateSet(row));
      },
    ),
    eventsAfter: compiledOnce((provider: string, callId: string, after: number, limit: number) =>
      db.selectFrom('room_events').select('body').where('provider', '=', provider).where('call_id', '=', callId).where('seq', '>', after).orderBy('seq').limit(limit),
    ),
    latestEvents: compiledOnce((provider: string, callId: string, limit: number) =>
      db.selectFrom('room_events').select('body').where('provider', '=', provider).where('call_id', '=', callId).orderBy('seq', 'desc').limit(limit),
    ),
    room: compiledOnce((provider: string, callId: string) =>
      db.selectFrom('calls').select(['record', 'last_snapshot', 'last_seq']).where('provider', '=', provider).where('call_id', '=', callId),
    ),
  };
}
