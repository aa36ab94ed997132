import type { FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';

export const SESSION_COOKIE = 'roomwatch_session';

/** The token of an `Authorization: Bearer` header; '' (which no verifier accepts) for any other shape. */
export function bearerTokenOf(header: string): string {
  return /^Bearer[ ]+([^ ]+)[ ]*$/i.exec(header)?.[1] ?? '';
}

/**
 * The bearer token if an Authorization header is present (a present but malformed header is
 * an empty token, so it fails rather than silently falling back to the cookie), else the
 * session cookie, else undefined. Cookies are parsed here, only when there is no bearer token:
 * @fastify/cookie runs without its per-request hooks (app.ts).
 */
export function tokenFromRequest(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) return bearerTokenOf(header);
  const cookies = request.headers.cookie;
  return cookies === undefined ? undefined : request.server.parseCookie(cookies)[SESSION_COOKIE];
}
