import { catchUpSchema } from '../../src/contract/dashboard';
import { digestSchema } from '../../src/contract/digest';
import type { RoomRef } from '../../src/contract/roomAccess';
import { callSnapshotSchema, type CallSnapshot } from '../../src/contract/snapshot';
import { HttpError } from '../errors';
import { digest } from '../history/digest';
import { readFold } from '../history/readFold';
import type { HistoryRuntime } from './historyRuntime';
import { contentTag, snapshotContent } from './latest';
import type { WatchedAnswer } from './longPoll';

/** How many of the newest events a digest reads, so ten remain after a participant's filter. */
export const DIGEST_TAIL = 200;

const envelope = (data: unknown) => JSON.stringify({ error: null, data });

/**
 * A room's snapshot as the caller may see it (participants are moderators' only: a latecomer
 * sees status, not who is there), from the watcher's latest observation.
 */
export function snapshotAnswer(history: HistoryRuntime, room: RoomRef, moderator: boolean): () => Promise<WatchedAnswer> {
  return async () => {
    const snapshot = await history.reader.snapshot(room);
    const visible: CallSnapshot = moderator ? snapshot : { ...snapshot, participants: null };
    return { etag: contentTag(snapshotContent(visible)), observedAt: visible.observedAt, body: () => envelope(callSnapshotSchema.parse(visible)) };
  };
}

/** The catch-up summary from the watcher's latest read; 404 for a vendor without one. */
export function catchUpAnswer(history: HistoryRuntime, room: RoomRef): () => Promise<WatchedAnswer> {
  return async () => {
    const catchUp = await history.reader.catchUp(room);
    if (!catchUp) throw new HttpError(404, 'Not found');
    return { etag: contentTag(catchUp), observedAt: history.reader.observedAt(room), body: () => envelope(catchUpSchema.parse(catchUp)) };
  };
}

/** The latecomer digest, from the stored history (a room nobody watched yet answers an empty one). */
export function digestAnswer(history: HistoryRuntime, room: RoomRef, audience: 'moderator' | 'participant'): () => Promise<WatchedAnswer> {
  return async () => {
    const [fold, tail] = await Promise.all([readFold(history.store, room), history.store.latestEvents(room, DIGEST_TAIL)]);
    const data = digestSchema.parse(digest(fold, tail, audience));
    return { etag: contentTag(data), observedAt: history.reader.observedAt(room) ?? fold.lastEventObservedAt, body: () => envelope(data) };
  };
}
