import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { activeShareLinkListSchema, shareLinkIdSchema, shareLinkRequestSchema, shareLinkSchema } from '../../src/contract/dashboard';
import { canReadRoom, formatRoomRef } from '../../src/contract/roomAccess';
import { identityOf } from '../auth/requestIdentity';
import { actorOf } from '../audit/auditLog';
import { mintShareToken } from '../auth/shareToken';
import { HttpError } from '../errors';
import { ok } from '../reply';
import { ownOrigins } from '../security/sameOrigin';
import type { Config } from '../config';
import type { RouteContext } from './context';
import { moderatorOnly } from './guards';
import { okResponse } from './schemas';

/**
 * Where links point: PUBLIC_URL when set (behind a proxy the request cannot be trusted to know
 * its public name), else the origin this request came in on.
 */
export function publicBase(config: Pick<Config, 'publicUrl'>, request: FastifyRequest): string {
  if (config.publicUrl) {
    const url = new URL(config.publicUrl);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  }
  return `${request.protocol}://${request.host}`;
}

/**
 * A DELETE carries no body, so it is held to the same-origin half of requireSameOriginJson: no
 * HTML form can send a DELETE, and another origin's fetch of one needs a preflight never granted.
 */
function sameOriginOnly(config: Pick<Config, 'publicUrl'>) {
  return async (request: FastifyRequest): Promise<void> => {
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') throw new HttpError(403, 'Forbidden');
    const origin = request.headers.origin;
    if (origin !== undefined && !ownOrigins(config, request).includes(origin)) throw new HttpError(403, 'Forbidden');
  };
}

/** A preValidation hook: only a moderator's input is looked at. */

const shareLinkParamsSchema = z.object({ id: shareLinkIdSchema });

/**
 * `POST /api/share-links {provider, callId, ttlMinutes?}` (under the /api prefix): a moderator
 * who may read the room gets a link to its catch-up page for a latecomer. The token rides in
 * the fragment, which a browser never sends to a server (so it is in no access log or Referer);
 * the catch-up page trades it for a cookie at `POST /auth/session` and removes it from the
 * address bar.
 */
export function registerShareLinkRoutes(api: FastifyInstance, ctx: RouteContext): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const mintRoute = {
    onRequest: ctx.sameOriginJson,
    preValidation: moderatorOnly,
    schema: { body: shareLinkRequestSchema, response: okResponse(shareLinkSchema) },
  };
  app.post('/share-links', mintRoute, async (request, reply) => {
    const identity = identityOf(request);
    const { provider: providerId, callId, ttlMinutes } = request.body;
    const room = { provider: providerId, callId };
    if (!ctx.providers.get(providerId)) throw new HttpError(404, 'Not found');
    if (!canReadRoom(identity, room)) throw new HttpError(403, 'Forbidden');

    const share = await mintShareToken(ctx.issuer, room, ttlMinutes * 60);
    await ctx.shareLinks.minted(share.id, room, identity.sub, share.expiresAt);
    // Who gave whom access to what, until when; never the token itself.
    request.log.info(
      { by: identity.sub, room: formatRoomRef(room), shareLink: share.id, expiresAt: share.expiresAt.toISOString() },
      'share link minted',
    );
    await ctx.audit?.record({
      actor: actorOf(identity),
      action: 'share_link.created',
      target: { type: 'share_link', id: share.id },
      details: { room: formatRoomRef(room), expiresAt: share.expiresAt.toISOString() },
    });
    const path = `/catch-up/${encodeURIComponent(providerId)}/${encodeURIComponent(callId)}`;
    void reply.header('cache-control', 'no-store');
    return reply.send(
      ok({
        id: share.id,
        url: `${publicBase(ctx.config, request)}${path}#share=${share.token}`,
        expiresAt: share.expiresAt.toISOString(),
      }),
    );
  });

  /** `GET /api/share-links`: the links still in force for the rooms this moderator may read. */
  app.get('/share-links', { preValidation: moderatorOnly, schema: { response: okResponse(activeShareLinkListSchema) } }, async (request, reply) => {
    void reply.header('cache-control', 'no-store');
    return reply.send(ok(await ctx.shareLinks.activeFor(identityOf(request))));
  });

  /**
   * `DELETE /api/share-links/:id`: the link's token, and any session cookie made from it, are
   * refused from the next request on. 204; 400 for an id that cannot be one, 404 for an unknown,
   * expired or other room's link. Same-origin only, like every state change.
   */
  const revokeRoute = { onRequest: sameOriginOnly(ctx.config), preValidation: moderatorOnly, schema: { params: shareLinkParamsSchema } };
  app.delete('/share-links/:id', revokeRoute, async (request, reply) => {
    const identity = identityOf(request);
    const { id } = request.params;
    if ((await ctx.shareLinks.revoke(identity, id)) === 'not-found') throw new HttpError(404, 'Not found');
    request.log.info({ by: identity.sub, shareLink: id }, 'share link revoked');
    await ctx.audit?.record({ actor: actorOf(identity), action: 'share_link.revoked', target: { type: 'share_link', id } });
    return reply.code(204).header('cache-control', 'no-store').send();
  });
}
