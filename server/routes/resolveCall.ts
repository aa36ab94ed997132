import type { FastifyRequest } from 'fastify';
import { providerIdSchema, ROOM_NAME_PATTERN } from '../../src/contract/ids';
import { canReadRoom } from '../../src/contract/roomAccess';
import { identityOf } from '../auth/requestIdentity';
import { HttpError } from '../errors';
import type { Provider } from '../providers/types';
import type { RouteContext } from './context';

export interface CallParams {
  provider: string;
  callId: string;
}

/**
 * Resolves and checks `:provider/:callId` before anything goes upstream or to the store: an
 * unknown provider is 404, a call id outside the allow-list 400, a room outside the token's
 * scope 403. A room someone reads is one the watcher keeps watching for a while.
 */
export function resolveCall(ctx: RouteContext, request: FastifyRequest<{ Params: CallParams }>): { provider: Provider; callId: string } {
  const providerId = providerIdSchema.safeParse(request.params.provider);
  const provider = providerId.success ? ctx.providers.get(providerId.data) : undefined;
  if (!provider) throw new HttpError(404, 'Not found');
  const { callId } = request.params;
  if (!ROOM_NAME_PATTERN.test(callId)) throw new HttpError(400, 'Invalid call id.');
  if (!canReadRoom(identityOf(request), { provider: provider.id, callId })) throw new HttpError(403, 'Forbidden');
  ctx.history?.watcher.touch({ provider: provider.id, callId });
  return { provider, callId };
}
