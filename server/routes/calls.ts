import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { catchUpSchema } from '../../src/contract/dashboard';
import { isModerator } from '../../src/contract/roomAccess';
import { callSnapshotSchema } from '../../src/contract/snapshot';
import { identityOf } from '../auth/requestIdentity';
import { HttpError } from '../errors';
import { ok } from '../reply';
import { catchUpAnswer, snapshotAnswer } from '../watch/answers';
import type { RouteContext } from './context';
import { resolveCall } from './resolveCall';
import { CALL_ROUTE_CONFIG, callParamsSchema, okResponse } from './schemas';

/**
 * `GET /api/calls/:provider/:callId` (CallSnapshot) and `.../catch-up`, under the /api prefix.
 * With history on, both answer from the watcher (never waiting on the vendor) and accept
 * `If-None-Match` + `Prefer: wait=<n>` (watch/longPoll.ts).
 */
export function registerCallRoutes(api: FastifyInstance, ctx: RouteContext): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const snapshotRoute = { config: CALL_ROUTE_CONFIG, schema: { params: callParamsSchema, response: okResponse(callSnapshotSchema) } };
  app.get('/calls/:provider/:callId', snapshotRoute, async (request, reply) => {
    const { provider, callId } = resolveCall(ctx, request, request.params);
    const moderator = isModerator(identityOf(request));
    // A watched room is answered from the watcher's latest snapshot (and may wait for a change).
    if (ctx.history) return ctx.history.longPoll.answer(request, reply, { provider: provider.id, callId }, snapshotAnswer(ctx.history, { provider: provider.id, callId }, moderator));
    const snapshot = await provider.getSnapshot(callId);
    // Participants are moderators' only: a latecomer sees status, not who is there.
    const visible = moderator ? snapshot : { ...snapshot, participants: null };
    return reply.send(ok(visible));
  });

  const catchUpRoute = { config: CALL_ROUTE_CONFIG, schema: { params: callParamsSchema, response: okResponse(catchUpSchema) } };
  app.get('/calls/:provider/:callId/catch-up', catchUpRoute, async (request, reply) => {
    const { provider, callId } = resolveCall(ctx, request, request.params);
    if (!provider.getCatchUp) throw new HttpError(404, 'Not found');
    if (ctx.history) return ctx.history.longPoll.answer(request, reply, { provider: provider.id, callId }, catchUpAnswer(ctx.history, { provider: provider.id, callId }));
    return reply.send(ok(await provider.getCatchUp(callId)));
  });
}
