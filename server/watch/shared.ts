import type { CatchUp, RoomSummary } from '../../src/contract/dashboard';
import type { ProviderId } from '../../src/contract/ids';
import type { RoomRef } from '../../src/contract/roomAccess';
import type { CallSnapshot } from '../../src/contract/snapshot';
import type { LatestBoard } from './latest';

/** A room's latest observation as its reader published it for the other instances. */
export interface SharedLatest {
  snapshot: CallSnapshot | undefined;
  catchUp: CatchUp | undefined;
}

/** One vendor's listing as one instance read it for all; `observedAt` is when that instance read it. */
export type SharedListing = { ok: true; rooms: RoomSummary[]; observedAt: string } | { ok: false };

/** A listing that answered. */
export type SharedListingRead = Extract<SharedListing, { ok: true }>;

/** What another instance told about a room: its new latest, or that it wrote events (the digest moved). */
export type SharedNotice = { room: RoomRef; kind: 'latest'; latest: SharedLatest } | { room: RoomRef; kind: 'events' };

/**
 * Several instances (REDIS_URL), the watcher's side: the instance holding a room's lease is its
 * only reader and publishes what it reads; the others answer from that. Every call answers
 * "nothing shared" while Redis is away, and each instance then reads for itself.
 */
export interface SharedWatch {
  /** Whether Redis answers now. */
  active(): boolean;
  /** The holder's latest observation of the room: stored for instances that join later, sent to the others now. */
  publish(room: RoomRef, latest: SharedLatest): void;
  /** The holder wrote events for the room: the other instances' digests look again. */
  publishEvents(room: RoomRef): void;
  /** The room's latest as its holder last published it; undefined when none or Redis is away. */
  fetch(room: RoomRef): Promise<SharedLatest | undefined>;
  /** Whether another instance holds the room's lease now (false while Redis is away). */
  heldElsewhere(room: RoomRef): Promise<boolean>;
  onNotice(handler: (notice: SharedNotice) => void): () => void;
  /** Someone read the room through this instance (shared at most every few seconds per room). */
  markLookedAt(room: RoomRef): void;
  /** When someone last read the room through any instance (epoch ms, within the last 30 s), or undefined. */
  lookedAt(room: RoomRef): Promise<number | undefined>;
  /**
   * A vendor's listing, read by one instance for all: the holder of its listing lease runs
   * `read` and stores the result; the others answer the stored one. `read` runs here too
   * when Redis is away, or when the holder stored nothing yet. A failed listing throws (the
   * vendor's error here, an UpstreamError for the holder's).
   */
  listing(provider: ProviderId, read: () => Promise<RoomSummary[]>): Promise<SharedListingRead>;
  /** On shutdown: hands the listing leases held here back, so another instance lists at its next turn. */
  close(): Promise<void>;
}

/** An observation newer than the board's (by observedAt) goes on it; an older one never replaces it. */
export function mirrorInto(board: LatestBoard, room: RoomRef, latest: SharedLatest): void {
  const current = board.get(room);
  if (latest.snapshot && (!current?.snapshot || current.snapshot.observedAt <= latest.snapshot.observedAt)) board.putSnapshot(room, latest.snapshot);
  if (latest.catchUp) board.putCatchUp(room, latest.catchUp);
}

/**
 * The board the watcher writes to when its room is shared: every observation goes on the local
 * board (viewers here) and out to the other instances (theirs).
 */
export function publishingBoard(board: LatestBoard, shared: SharedWatch): LatestBoard {
  const publish = (room: RoomRef) => {
    const latest = board.get(room);
    if (latest?.snapshot) shared.publish(room, { snapshot: latest.snapshot, catchUp: latest.catchUp });
  };
  return {
    ...board,
    putSnapshot(room, snapshot) {
      board.putSnapshot(room, snapshot);
      publish(room);
    },
    putFailure(room) {
      board.putFailure(room);
      publish(room);
    },
    putCatchUp(room, catchUp) {
      board.putCatchUp(room, catchUp);
      publish(room);
    },
  };
}
