import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { clearSessionCookie, setSessionCookie } from '../auth/cookie';
import { z } from 'zod';
import { ok } from '../reply';
import type { RouteContext } from './context';
import { okResponse } from './schemas';

const signedOutSchema = z.object({ signedOut: z.literal(true) });

/** How long the demo moderator's session lasts: a working day. */
export const DEMO_SESSION_SECONDS = 12 * 3600;

/**
 * `GET /auth/:code`: the demo's printed one-time link (any instance's, when several share
 * Redis); sets the session cookie and goes to the overview. A spent or wrong code lands on the sign-in page, which explains what to do.
 * `POST /auth/sign-out` (same-origin, JSON content type; the body may be empty) clears the cookie.
 */
export function registerSignInRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const cookieMode = ctx.config.security.cookieSecure;
  app.get<{ Params: { code: string } }>('/auth/:code', async (request, reply) => {
    if (!(await ctx.demoSignIn?.redeem(request.params.code))) {
      return reply.redirect('/signin?reason=link', 303);
    }
    const { token } = await ctx.issuer.issue({ sub: 'demo-moderator', role: 'moderator', rooms: null }, DEMO_SESSION_SECONDS);
    setSessionCookie(request, reply, cookieMode, token, DEMO_SESSION_SECONDS);
    request.log.info({ sub: 'demo-moderator' }, 'demo sign-in link used');
    return reply.header('cache-control', 'no-store').redirect('/', 303);
  });

  app
    .withTypeProvider<ZodTypeProvider>()
    .post('/auth/sign-out', { onRequest: ctx.sameOriginJson, schema: { response: okResponse(signedOutSchema) } }, async (request, reply) => {
    clearSessionCookie(request, reply, cookieMode);
    return reply.send(ok({ signedOut: true as const }));
  });
}
