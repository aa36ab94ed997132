import type { FastifyInstance, FastifyRequest } from 'fastify';
import { catchUpSchema } from '../../src/contract/dashboard';
import { providerIdSchema, ROOM_NAME_PATTERN } from '../../src/contract/ids';
import { canReadRoom, isModerator } from '../../src/contract/roomAccess';
import { callSnapshotSchema } from '../../src/contract/snapshot';
import { identityOf } from '../auth/requestIdentity';
import { HttpError } from '../errors';
import type { Provider } from '../providers/types';
import { sendData } from '../reply';
import type { RouteContext } from './context';

interface CallParams {
  provider: string;
  callId: string;
}

/**
 * Resolves and checks `:provider/:callId` before anything goes upstream: an unknown provider
 * is 404, a call id outside the allow-list 400, a room outside the token's scope 403.
 */
function resolveCall(ctx: RouteContext, request: FastifyRequest<{ Params: CallParams }>): { provider: Provider; callId: string } {
  const providerId = providerIdSchema.safeParse(request.params.provider);
  const provider = providerId.success ? ctx.providers.get(providerId.data) : undefined;
  if (!provider) throw new HttpError(404, 'Not found');
  const { callId } = request.params;
  if (!ROOM_NAME_PATTERN.test(callId)) throw new HttpError(400, 'Invalid call id.');
  if (!canReadRoom(identityOf(request), { provider: provider.id, callId })) throw new HttpError(403, 'Forbidden');
  return { provider, callId };
}

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
