import type { FastifyInstance } from 'fastify';
import { catchUpSchema } from '../../src/contract/dashboard';
import { isModerator } from '../../src/contract/roomAccess';
import { callSnapshotSchema } from '../../src/contract/snapshot';
import { identityOf } from '../auth/requestIdentity';
import { HttpError } from '../errors';
import { sendData } from '../reply';
import type { RouteContext } from './context';
import { resolveCall, type CallParams } from './resolveCall';

/** `GET /api/calls/:provider/:callId` (CallSnapshot) and `.../catch-up`, under the /api prefix. */
export function registerCallRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Params: CallParams }>('/calls/:provider/:callId', async (request, reply) => {
    const { provider, callId } = resolveCall(ctx, request);
    const snapshot = await provider.getSnapshot(callId);
    // Participants are moderators' only: a latecomer sees status, not who is there.
    const visible = isModerator(identityOf(request)) ? snapshot : { ...snapshot, participants: null };
    return sendData(reply, callSnapshotSchema, visible);
  });

  app.get<{ Params: CallParams }>('/calls/:provider/:callId/catch-up', async (request, reply) => {
    const { provider, callId } = resolveCall(ctx, request);
    if (!provider.getCatchUp) throw new HttpError(404, 'Not found');
    return sendData(reply, catchUpSchema, await provider.getCatchUp(callId));
  });
}
