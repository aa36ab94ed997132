import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { clearSessionCookie, setSessionCookie } from '../auth/cookie';
import { signedOutSchema } from '../../src/contract/signIn';
import { verificationOf } from '../auth/requestIdentity';
import { ok } from '../reply';
import type { RouteContext } from './context';
import { okResponse } from './schemas';

/** How long the demo moderator's session lasts: a working day. */
export const DEMO_SESSION_SECONDS = 12 * 3600;

/**
 * `GET /auth/:code`: the demo's printed one-time link (any instance's, when several share
 * Redis); sets the session cookie and goes to the overview. A spent or wrong code lands on the sign-in page, which explains what to do.
 * `POST /auth/sign-out` (same-origin, JSON content type; the body may be empty) clears the cookie,
 * and names the IdP's end-session URL (or null) so the page can end that session too.
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
    await ctx.audit?.record({
      actor: { sub: 'demo-moderator', name: 'demo-moderator' },
      action: 'auth.signed_in',
      target: { type: 'session', id: 'demo-moderator' },
      details: { method: 'link' },
    });
    return reply.header('cache-control', 'no-store').redirect('/', 303);
  });

  const signOutRoute = { onRequest: ctx.sameOriginJson, schema: { response: okResponse(signedOutSchema) } };
  app.withTypeProvider<ZodTypeProvider>().post('/auth/sign-out', signOutRoute, async (request, reply) => {
    const signedIn = await verificationOf(request, ctx.verifier);
    clearSessionCookie(request, reply, cookieMode);
    // Share-link sessions are not people signing out; only a person's session is recorded.
    if (signedIn && !signedIn.shareLinkId) {
      const { sub, name } = signedIn.identity;
      await ctx.audit?.record({ actor: { sub, name: name ?? sub }, action: 'auth.signed_out', target: { type: 'session', id: sub } });
    }
    return reply.send(ok({ signedOut: true as const, endSessionUrl: ctx.oidc?.endSessionUrl() ?? null }));
  });
}
