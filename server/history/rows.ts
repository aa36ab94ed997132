import { z } from 'zod';
import {
  callRecordSchema,
  callSnapshotSchema,
  roomEventSchema,
  type CallRecord,
  type NewRoomEvent,
  type RoomEvent,
} from '../../src/contract';
import { InvalidWriteError, SeqConflictError } from './errors';
import type { RoomWrite, StoredRoomState } from './store';

/**
 * What both stores keep, and how a row read back becomes a contract type again. The JSON columns
 * are parsed with the contract schemas: a row written by an older version (or by hand) that no
 * longer fits is an error here, not a malformed answer to the browser.
 */

const jsonText = <T extends z.ZodType>(schema: T) =>
  z.string().transform((text, ctx): z.infer<T> => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'stored JSON is not JSON' });
      return z.NEVER;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: `stored value no longer fits: ${parsed.error.message}` });
      return z.NEVER;
    }
    return parsed.data;
  });

/** Drivers return integers as number or bigint (and PostgreSQL's bigint as text). */
const storedInt = z.union([z.number(), z.bigint(), z.string()]).transform((v) => Number(v)).pipe(z.number().int().nonnegative());

export const eventRowSchema = z.object({ body: jsonText(roomEventSchema) });
export const recordRowSchema = z.object({ record: jsonText(callRecordSchema) });
export const roomRowSchema = z.object({
  record: jsonText(callRecordSchema),
  last_snapshot: jsonText(callSnapshotSchema).nullable(),
  last_seq: storedInt,
});
export const seqRowSchema = z.object({ last_seq: storedInt });
export const versionRowSchema = z.object({ version: storedInt });
export const countRowSchema = z.object({ n: storedInt });

export function toStoredRoom(row: unknown): StoredRoomState {
  const parsed = roomRowSchema.parse(row);
  return { record: parsed.record, lastSnapshot: parsed.last_snapshot, lastSeq: parsed.last_seq };
}

/** The events of one write numbered after `lastSeq`, the seq the store holds for the room. */
export function numberEvents(events: NewRoomEvent[], lastSeq: number): RoomEvent[] {
  return events.map((event, i) => {
    const parsed = roomEventSchema.safeParse({ ...event, seq: lastSeq + i + 1 });
    if (!parsed.success) throw new InvalidWriteError(`history: event ${i} (${event.kind}) does not fit the contract: ${parsed.error.message}`);
    return parsed.data;
  });
}

/** Checks a write before it reaches SQL: a record for another room would corrupt the key. */
export function checkWrite(write: RoomWrite): void {
  const { room, record } = write;
  const parsed = callRecordSchema.safeParse(record);
  if (!parsed.success) throw new InvalidWriteError(`history: record for ${room.provider}/${room.callId} does not fit the contract: ${parsed.error.message}`);
  if (write.lastSnapshot !== null && !callSnapshotSchema.safeParse(write.lastSnapshot).success) {
    throw new InvalidWriteError(`history: last snapshot for ${room.provider}/${room.callId} does not fit the contract`);
  }
  if (record.provider !== room.provider || record.callId !== room.callId) {
    throw new InvalidWriteError(`history: record for ${record.provider}/${record.callId} written to room ${room.provider}/${room.callId}`);
  }
}

/**
 * Optimistic concurrency: a writer that says which seq it saw last fails when another writer has
 * moved on since, rather than numbering the same change again.
 */
export function checkAfterSeq(write: RoomWrite, lastSeq: number): void {
  if (write.afterSeq !== undefined && write.afterSeq !== lastSeq) {
    throw new SeqConflictError(write.room.provider, write.room.callId, `expected last seq ${write.afterSeq}, store has ${lastSeq}`);
  }
}

/** The columns both stores index for listing, filtering, pruning and resuming. */
export function recordColumns(record: CallRecord) {
  return {
    state: record.state,
    watchedSince: new Date(record.watchedSince).toISOString(),
    lastSeenAt: new Date(record.lastObservedAt ?? record.watchedSince).toISOString(),
  };
}
