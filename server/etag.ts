import { hash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * `private` because answers depend on who asks (shared caches must not keep them); `no-cache` so
 * the browser revalidates every poll (data is never older than the poll) and a match costs a
 * bodiless 304 instead of the JSON.
 */
export const REVALIDATE_PRIVATELY = 'private, no-cache';

/** A strong validator of a JSON body: the same bytes give the same tag, in every BFF process. */
export function etagOf(body: string): string {
  return `"${hash('sha1', body, 'base64url')}"`;
}

/** RFC 9110 If-None-Match: `*` or a list of tags, compared weakly (W/ ignored). */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === bare);
}

/**
 * Tags the answer with `etag` and, when the request already holds that tag, turns it into a
 * bodiless 304. Returns whether it did (the caller then sends no body).
 */
export function answeredNotModified(reply: FastifyReply, etag: string): boolean {
  void reply.header('etag', etag).header('cache-control', REVALIDATE_PRIVATELY);
  if (!ifNoneMatchMatches(reply.request.headers['if-none-match'], etag)) return false;
  void reply.code(304).removeHeader('content-type').removeHeader('content-length');
  return true;
}

/**
 * ETag and 304 for every successful JSON answer: browsers poll the same room every 2 s and most
 * polls see nothing new. Answers that were serialized ahead (reply.ts, `sendSerialized`) arrive
 * already tagged and are passed through untouched: their tag was computed once per change.
 * Returns the payload to send (empty for a 304). Runs in the security headers' onSend hook (app.ts).
 */
export function tagJsonAnswer(request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
  if (
    (request.method !== 'GET' && request.method !== 'HEAD') ||
    reply.statusCode !== 200 ||
    typeof payload !== 'string' ||
    reply.hasHeader('etag')
  ) {
    return payload;
  }
  const type = reply.getHeader('content-type');
  if (typeof type !== 'string' || !type.startsWith('application/json')) return payload;
  return answeredNotModified(reply, etagOf(payload)) ? '' : payload;
}
