import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../auth/session';
import type { RouteContext } from './context';

/** How long the demo moderator's session lasts: a working day. */
export const DEMO_SESSION_SECONDS = 12 * 3600;

export function isSecureRequest(request: FastifyRequest): boolean {
  // request.protocol honours X-Forwarded-Proto only when Fastify's trustProxy is on.
  return request.protocol === 'https';
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: isSecureRequest(request),
    path: '/',
    maxAge: maxAgeSeconds,
  });
}

/**
 * `GET /auth/:code`: the demo's printed one-time link; sets the session cookie and goes to
 * the overview. A spent or wrong code lands on the sign-in page, which explains what to do.
 * `POST /auth/sign-out` clears the cookie.
 */
export function registerSignInRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Params: { code: string } }>('/auth/:code', { config: { family: 'public' } }, async (request, reply) => {
    if (!ctx.demoSignIn?.redeem(request.params.code)) {
      return reply.redirect('/signin?reason=link', 303);
    }
    const { token } = await ctx.issuer.issue({ sub: 'demo-moderator', role: 'moderator', rooms: null }, DEMO_SESSION_SECONDS);
    setSessionCookie(request, reply, token, DEMO_SESSION_SECONDS);
    request.log.info({ sub: 'demo-moderator' }, 'demo sign-in link used');
    return reply.header('cache-control', 'no-store').redirect('/', 303);
  });

  app.post('/auth/sign-out', { config: { family: 'public' } }, async (request, reply) => {
    void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: isSecureRequest(request) });
    return reply.send({ error: null, data: { signedOut: true } });
  });
}
