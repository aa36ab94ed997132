import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { apiErrorFor, HttpError } from '../errors';
import { evidencePayload } from '../evidence/payload';
import { signEvidence } from '../evidence/sign';
import type { RouteContext } from './context';
import { errorHandlerFor } from './errorHandler';
import { moderatorOnly } from './guards';
import { resolveCall } from './resolveCall';
import { CALL_ROUTE_CONFIG, callParamsSchema } from './schemas';

/** `GET /.well-known/roomwatch-evidence-keys`: public, a plain JWKS (no envelope). */
export function evidenceKeyRoutes(ctx: RouteContext): FastifyPluginAsync {
  return async (site) => {
    site.setErrorHandler(errorHandlerFor(apiErrorFor));
    site.get('/.well-known/roomwatch-evidence-keys', async (_request, reply) => {
      if (!ctx.evidence) throw new HttpError(404, 'Evidence signing is off on this server.');
      return reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', 'public, max-age=300').send(await ctx.evidence.jwks());
    });
  };
}

/**
 * `GET /api/calls/:provider/:callId/evidence`: the call's events as stored, with their chain links
 * and assurance figures, signed (compact JWS, `application/jose`). Moderators only.
 */
export function registerEvidenceRoutes(api: FastifyInstance, ctx: RouteContext): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const route = { preValidation: moderatorOnly, config: CALL_ROUTE_CONFIG, schema: { params: callParamsSchema } };
  app.get('/calls/:provider/:callId/evidence', route, async (request, reply) => {
    const { provider, callId } = resolveCall(ctx, request, request.params);
    if (!ctx.history || !ctx.evidence || !ctx.assurance) throw new HttpError(404, 'Room history is off on this server.');
    const room = { provider: provider.id, callId };
    const stored = await ctx.history.store.room(room);
    if (!stored) throw new HttpError(404, 'This call has no history yet.');
    const events = await ctx.assurance.chain.chained(room);
    const payload = evidencePayload({
      room,
      events,
      governance: await ctx.assurance.governanceOf(room),
      listsParticipants: provider.info.capabilities.participants,
      live: stored.record.state !== 'ended',
      now: Date.now(),
    });
    const jws = await signEvidence(ctx.evidence, payload);
    const name = `roomwatch-${room.provider}-${room.callId.replace(/[:@~]/g, '_')}.jws`;
    return reply
      .header('content-type', 'application/jose')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(jws);
  });
}
