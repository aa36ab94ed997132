import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { identitySchema } from '../../src/contract/dashboard';
import { setSessionCookie } from '../auth/cookie';
import { MAX_TOKEN_LENGTH } from '../auth/verifier';
import { HttpError } from '../errors';
import { ok } from '../reply';
import type { RouteContext } from './context';
import { okResponse } from './schemas';

const sessionRequestSchema = z.object({ token: z.string().min(1).max(MAX_TOKEN_LENGTH) });

/**
 * `POST /auth/session {token}`: trades a token (a share link's, or any the BFF accepts) for
 * the HttpOnly session cookie, which lives exactly as long as the token. Answers the identity,
 * so the page knows what it may show; 401 when the token does not verify. A body that is not a
 * token is the same 401 (attachValidation): a failed sign-in never says why.
 */
export function registerSessionExchangeRoutes(site: FastifyInstance, ctx: RouteContext): void {
  const app = site.withTypeProvider<ZodTypeProvider>();
  const route = {
    onRequest: ctx.sameOriginJson,
    attachValidation: true,
    schema: { body: sessionRequestSchema, response: okResponse(identitySchema) },
  };
  app.post('/auth/session', route, async (request, reply) => {
    const verified = request.validationError ? null : await ctx.verifier.verify(request.body.token);
    if (!verified) throw new HttpError(401, 'Unauthorized');
    const seconds = (verified.expiresAt.getTime() - Date.now()) / 1000;
    if (seconds < 1) throw new HttpError(401, 'Unauthorized');
    setSessionCookie(request, reply, ctx.config.security.cookieSecure, request.body.token, seconds);
    request.log.info({ sub: verified.identity.sub, role: verified.identity.role }, 'session started from token');
    // A person's sign-in link (`npm run token -- --link`); a latecomer opening a share link is not one.
    if (!verified.shareLinkId) {
      const { sub, name } = verified.identity;
      await ctx.audit?.record({ actor: { sub, name: name ?? sub }, action: 'auth.signed_in', target: { type: 'session', id: sub }, details: { method: 'token' } });
    }
    void reply.header('cache-control', 'no-store');
    return reply.send(ok(verified.identity));
  });
}
