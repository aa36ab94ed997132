import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { answeredNotModified, etagOf } from './etag';
import type { HttpError } from './errors';

export const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The success envelope. Routes declare it as their response schema (`okResponse` in
 * routes/schemas.ts), which parses the payload on the way out: the BFF can never answer outside
 * its own contract, and no stray vendor field leaks.
 */
export function ok<T>(data: T): { error: null; data: T } {
  return { error: null, data };
}

/** A success envelope already parsed and serialized: its bytes and their ETag. */
export interface SerializedAnswer {
  readonly body: string;
  /** The body's length in bytes (its Content-Length). */
  readonly length: number;
  readonly etag: string;
}

/**
 * Success envelopes serialized once per cached value, for routes whose answer is a function of
 * one cached value alone (not of who asks). A cached poll then costs no contract parse, no
 * JSON.stringify and no hash: the bytes and the tag are reused until the cache holds a new value.
 * Keyed weakly by that value's object, so a memo entry lives exactly as long as the cache keeps
 * the value. One memo per app instance (made where the routes are registered), never module state.
 */
export interface AnswerMemo {
  /** `data` must be derived from `key` alone: the first answer for a key is the answer for it. */
  serialize<S extends z.ZodType>(key: object, schema: S, data: z.input<S>): SerializedAnswer;
}

export function createAnswerMemo(): AnswerMemo {
  const answers = new WeakMap<object, SerializedAnswer>();
  return {
    serialize(key, schema, data) {
      let answer = answers.get(key);
      if (!answer) {
        const body = JSON.stringify({ error: null, data: schema.parse(data) });
        answer = { body, length: Buffer.byteLength(body), etag: etagOf(body) };
        answers.set(key, answer);
      }
      return answer;
    },
  };
}

/** Sends a serialized answer, or a bodiless 304 when the client already holds its tag. */
export function sendSerialized(reply: FastifyReply, answer: SerializedAnswer): FastifyReply {
  if (answeredNotModified(reply, answer.etag)) return reply.send();
  return reply.type(JSON_TYPE).send(answer.body);
}

/** The error envelope. Never stored by a cache: a 401, 403 or 404 is about this request only. */
export function sendError(reply: FastifyReply, error: HttpError): FastifyReply {
  if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
  return reply
    .header('cache-control', 'no-store')
    .code(error.status)
    .type(JSON_TYPE)
    .send({ data: null, error: { code: error.status, message: error.publicMessage } });
}
