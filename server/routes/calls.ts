import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { catchUpSchema } from '../../src/contract/dashboard';
import { isModerator } from '../../src/contract/roomAccess';
import { callSnapshotSchema } from '../../src/contract/snapshot';
import { identityOf } from '../auth/requestIdentity';
import { HttpError } from '../errors';
import { ok } from '../reply';
import type { RouteContext } from './context';
import { resolveCall } from './resolveCall';
import { CALL_ROUTE_CONFIG, callParamsSchema, okResponse } from './schemas';

/** `GET /api/calls/:provider/:callId` (CallSnapshot) and `.../catch-up`, under the /api prefix. */
export function registerCallRoutes(api: FastifyInstance, ctx: RouteContext): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const snapshotRoute = { config: CALL_ROUTE_CONFIG, schema: { params: callParamsSchema, response: okResponse(callSnapshotSchema) } };
  app.get('/calls/:provider/:callId', snapshotRoute, async (request, reply) => {
    const { provider, callId } = resolveCall(ctx, request, request.params);
    const snapshot = await provider.getSnapshot(callId);
    // Participants are moderators' only: a latecomer sees status, not who is there.
    const visible = isModerator(identityOf(request)) ? snapshot : { ...snapshot, participants: null };
    return reply.send(ok(visible));
  });

  const catchUpRoute = { config: CALL_ROUTE_CONFIG, schema: { params: callParamsSchema, response: okResponse(catchUpSchema) } };
  app.get('/calls/:provider/:callId/catch-up', catchUpRoute, async (request, reply) => {
    const { provider, callId } = resolveCall(ctx, request, request.params);
    if (!provider.getCatchUp) throw new HttpError(404, 'Not found');
    return reply.send(ok(await provider.getCatchUp(callId)));
  });
}
