import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/** A strong validator of a JSON body: the same bytes give the same tag, in every BFF process. */
export function etagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** RFC 9110 If-None-Match: `*` or a list of tags, compared weakly (W/ ignored). */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === bare);
}

/**
 * ETag and 304 for every successful JSON answer. Browsers poll the same room every 2 s and
 * most polls see nothing new: with `private, no-cache` the browser revalidates each time (so
 * data is never older than the poll) and a match costs a bodiless 304 instead of the JSON.
 * `private` because answers depend on who asks; shared caches must not keep them.
 */
export function registerEtags(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string') return payload;
    const type = reply.getHeader('content-type');
    if (typeof type !== 'string' || !type.startsWith('application/json')) return payload;
    const etag = etagOf(payload);
    void reply.header('etag', etag).header('cache-control', 'private, no-cache');
    if (ifNoneMatchMatches(request.headers['if-none-match'], etag)) {
      void reply.code(304).removeHeader('content-type').removeHeader('content-length');
      return '';
    }
    return payload;
  });
}
