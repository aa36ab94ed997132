import type { FastifyInstance } from 'fastify';
import { callAssuranceSchema } from '../../src/contract/assurance';
import { isModerator } from '../../src/contract/roomAccess';
import { basisOf, readAllEvents } from '../assurance/callEvents';
import { assessCall } from '../assurance/fold';
import { identityOf } from '../auth/requestIdentity';
import { HttpError } from '../errors';
import { sendData } from '../reply';
import type { RouteContext } from './context';
import { resolveCall, type CallParams } from './resolveCall';

/** `GET /api/calls/:provider/:callId/assurance`: the call's figures by the rules of docs/assurance.md. */
export function registerAssuranceRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Params: CallParams }>('/calls/:provider/:callId/assurance', async (request, reply) => {
    if (!isModerator(identityOf(request))) throw new HttpError(403, 'Forbidden');
    const { provider, callId } = resolveCall(ctx, request);
    if (!ctx.history) throw new HttpError(404, 'Room history is off on this server.');
    const room = { provider: provider.id, callId };
    const stored = await ctx.history.store.room(room);
    if (!stored) throw new HttpError(404, 'This call has no history yet.');
    const events = await readAllEvents(ctx.history.store, room);
    const governance = (await ctx.assurance?.governanceOf(room)) ?? null;
    const basis = basisOf(events, governance, provider.info.capabilities.participants, Date.now());
    reply.header('cache-control', 'private, no-store');
    return sendData(reply, callAssuranceSchema, assessCall(events, basis));
  });
}
