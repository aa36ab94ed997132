import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RoomRef } from '../../src/contract/roomAccess';
import { ifNoneMatchMatches, REVALIDATE_PRIVATELY } from '../etag';
import type { LatestBoard } from './latest';

/** One answer of a watched room: its content's tag, when the room was last observed, and its bytes. */
export interface WatchedAnswer {
  etag: string;
  observedAt: string | null;
  /** The serialized success envelope (only built when it is sent). */
  body(): string;
}

export const WAIT_MIN_S = 1;
export const WAIT_MAX_S = 30;

/** `Prefer: wait=<n>` (RFC 7240), clamped to 1..30 s; undefined when absent or not a number. */
export function preferredWait(prefer: string | string[] | undefined): number | undefined {
  const header = Array.isArray(prefer) ? prefer.join(',') : prefer;
  if (!header) return undefined;
  for (const part of header.split(/[,;]/)) {
    const match = /^\s*wait\s*=\s*"?(-?\d+)"?\s*$/i.exec(part);
    if (match?.[1] !== undefined) return Math.min(WAIT_MAX_S, Math.max(WAIT_MIN_S, Number(match[1])));
  }
  return undefined;
}

export interface LongPoll {
  /**
   * Sends `compute()`'s answer: 304 when the request holds its tag, else 200. With
   * `If-None-Match` and `Prefer: wait=<n>` a matching request is held until the room's content
   * changes or the wait ends (then 304), with `Preference-Applied` on both.
   */
  answer(request: FastifyRequest, reply: FastifyReply, room: RoomRef, compute: () => Promise<WatchedAnswer>): Promise<FastifyReply>;
  /** Requests held now. */
  held(): number;
  /** Answers every held request at once (shutdown) and waits until they are sent. */
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Long polls over the board's change notices: at most `max` held at once (past it, answered at
 * once without Preference-Applied), all released on close.
 */
export function createLongPoll(board: LatestBoard, max: number): LongPoll {
  const shutdown = new AbortController();
  const inflight = new Set<Promise<unknown>>();
  let held = 0;

  async function hold(reply: FastifyReply, room: RoomRef, tags: string, waitS: number, seen: { answer: WatchedAnswer; version: number }, compute: () => Promise<WatchedAnswer>): Promise<WatchedAnswer> {
    // A client that goes away frees its place at once.
    const gone = new AbortController();
    const onClose = () => gone.abort();
    reply.raw.once('close', onClose);
    const released = AbortSignal.any([shutdown.signal, gone.signal]);
    const deadline = performance.now() + waitS * 1000;
    let current = seen.answer;
    try {
      let version = seen.version;
      while (ifNoneMatchMatches(tags, current.etag) && !released.aborted) {
        const left = deadline - performance.now();
        if (left <= 0) break;
        await board.changed(room, version, left, released);
        version = board.version(room);
        current = await compute();
      }
      // Shutdown: the answer as it stands now (200 if it changed since the last look).
      return shutdown.signal.aborted ? await compute() : current;
    } finally {
      reply.raw.off('close', onClose);
    }
  }

  return {
    async answer(request, reply, room, compute) {
      const tags = request.headers['if-none-match'];
      const waitS = preferredWait(request.headers.prefer);
      // Read before the answer is computed: a change meanwhile then ends the wait at once.
      const version = board.version(room);
      let current = await compute();
      let applied: number | undefined;
      if (waitS !== undefined && tags && ifNoneMatchMatches(tags, current.etag) && !shutdown.signal.aborted && held < max) {
        applied = waitS;
        held += 1;
        const holding = hold(reply, room, tags, waitS, { answer: current, version }, compute);
        inflight.add(holding);
        try {
          current = await holding;
        } finally {
          held -= 1;
          inflight.delete(holding);
        }
      }
      void reply.header('etag', current.etag).header('cache-control', REVALIDATE_PRIVATELY);
      if (current.observedAt) void reply.header('x-roomwatch-observed-at', current.observedAt);
      if (applied !== undefined) void reply.header('preference-applied', `wait=${applied}`);
      if (ifNoneMatchMatches(tags, current.etag)) return reply.code(304).send();
      return reply.type(JSON_TYPE).send(current.body());
    },
    held: () => held,
    async close() {
      shutdown.abort();
      await Promise.allSettled([...inflight]);
    },
  };
}
