import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import type { SecurityConfig } from '../config';
import { SESSION_COOKIE } from './session';

export type CookieSerializeOptions = NonNullable<Parameters<FastifyReply['server']['serializeCookie']>[2]>;

/**
 * `Secure` when the page was served over https. request.protocol honours X-Forwarded-Proto only
 * when Fastify's trustProxy is on (TRUST_PROXY=on), so a client cannot talk its way out of it;
 * SESSION_COOKIE_SECURE=on|off overrides for deployments where the BFF cannot tell.
 */
export function isSecureCookie(request: FastifyRequest, mode: SecurityConfig['cookieSecure']): boolean {
  if (mode === 'on') return true;
  if (mode === 'off') return false;
  return request.protocol === 'https';
}

function cookieOptions(request: FastifyRequest, mode: SecurityConfig['cookieSecure']): CookieSerializeOptions {
  // HttpOnly: no script reads it. SameSite=Strict: no other site's page sends it.
  return { httpOnly: true, sameSite: 'strict', secure: isSecureCookie(request, mode), path: '/' };
}

/**
 * Set-Cookie written directly: @fastify/cookie runs without its per-request hooks (app.ts), which
 * every poll paid for and only the sign-in routes need. Fastify adds each Set-Cookie header to
 * the ones already set, so a callback can clear one cookie and set another.
 */
export function writeCookie(reply: FastifyReply, name: string, value: string, options: CookieSerializeOptions): void {
  void reply.header('set-cookie', reply.server.serializeCookie(name, value, options));
}

/** Expires a cookie written with `options` (same name, path and attributes). */
export function expireCookie(reply: FastifyReply, name: string, options: CookieSerializeOptions): void {
  writeCookie(reply, name, '', { ...options, expires: new Date(0), maxAge: 0 });
}

/** One cookie of the request, parsed on demand (no per-request cookie hook runs). */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const cookies = request.headers.cookie;
  return cookies === undefined ? undefined : request.server.parseCookie(cookies)[name];
}

function setCookie(reply: FastifyReply, value: string, options: CookieSerializeOptions): void {
  writeCookie(reply, SESSION_COOKIE, value, options);
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  mode: SecurityConfig['cookieSecure'],
  token: string,
  maxAgeSeconds: number,
): void {
  setCookie(reply, token, { ...cookieOptions(request, mode), maxAge: Math.max(1, Math.floor(maxAgeSeconds)) });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, mode: SecurityConfig['cookieSecure']): void {
  expireCookie(reply, SESSION_COOKIE, cookieOptions(request, mode));
}
