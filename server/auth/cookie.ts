import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { SecurityConfig } from '../config';
import { SESSION_COOKIE } from './session';

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

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  mode: SecurityConfig['cookieSecure'],
  token: string,
  maxAgeSeconds: number,
): void {
  void reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(request, mode), maxAge: Math.max(1, Math.floor(maxAgeSeconds)) });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, mode: SecurityConfig['cookieSecure']): void {
  void reply.clearCookie(SESSION_COOKIE, cookieOptions(request, mode));
}
