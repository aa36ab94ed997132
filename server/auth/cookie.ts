import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import type { SecurityConfig } from '../config';
import { SESSION_COOKIE } from './session';

type CookieSerializeOptions = NonNullable<Parameters<FastifyReply['server']['serializeCookie']>[2]>;

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
 * every poll paid for and only these two routes need.
 */
function setCookie(reply: FastifyReply, value: string, options: CookieSerializeOptions): void {
  void reply.header('set-cookie', reply.server.serializeCookie(SESSION_COOKIE, value, options));
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
  setCookie(reply, '', { ...cookieOptions(request, mode), expires: new Date(0), maxAge: 0 });
}
