import type { FastifyInstance, FastifyRequest } from 'fastify';
import { shareLinkRequestSchema, shareLinkSchema } from '../../src/contract/dashboard';
import { canReadRoom, formatRoomRef, isModerator } from '../../src/contract/roomAccess';
import { identityOf } from '../auth/requestIdentity';
import { mintShareToken } from '../auth/shareToken';
import { HttpError } from '../errors';
import { sendData } from '../reply';
import type { Config } from '../config';
import type { RouteContext } from './context';

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
 * `POST /api/share-links {provider, callId, ttlMinutes?}` (under the /api prefix): a moderator
 * who may read the room gets a link to its catch-up page for a latecomer. The token rides in
 * the fragment, which a browser never sends to a server (so it is in no access log or Referer);
 * the catch-up page trades it for a cookie at `POST /auth/session` and removes it from the
 * address bar.
 */
export function registerShareLinkRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post(
    '/share-links',
    { onRequest: ctx.sameOriginJson },
    async (request, reply) => {
      const identity = identityOf(request);
      if (!isModerator(identity)) throw new HttpError(403, 'Forbidden');
      const parsed = shareLinkRequestSchema.safeParse(request.body);
      if (!parsed.success) throw new HttpError(400, 'Bad request');
      const { provider: providerId, callId, ttlMinutes } = parsed.data;
      const room = { provider: providerId, callId };
      if (!ctx.providers.get(providerId)) throw new HttpError(404, 'Not found');
      if (!canReadRoom(identity, room)) throw new HttpError(403, 'Forbidden');

      const share = await mintShareToken(ctx.issuer, room, ttlMinutes * 60);
      // Who gave whom access to what, until when; never the token itself.
      request.log.info(
        { by: identity.sub, room: formatRoomRef(room), shareSub: share.sub, expiresAt: share.expiresAt.toISOString() },
        'share link minted',
      );
      const path = `/catch-up/${encodeURIComponent(providerId)}/${encodeURIComponent(callId)}`;
      void reply.header('cache-control', 'no-store');
      return sendData(reply, shareLinkSchema, {
        url: `${publicBase(ctx.config, request)}${path}#share=${share.token}`,
        expiresAt: share.expiresAt.toISOString(),
      });
    },
  );
}
