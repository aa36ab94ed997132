import type { FastifyRequest } from 'fastify';
import { canReadRoom } from '../../src/contract/roomAccess';
import { identityOf } from '../auth/requestIdentity';
import { HttpError } from '../errors';
import type { Provider } from '../providers/types';
import type { RouteContext } from './context';
import type { CallParams } from './schemas';

export type { CallParams } from './schemas';

/**
 * Resolves `:provider/:callId`, which the route's schema has already held to the allow-lists
 * (schemas.ts), before anything goes upstream or to the store: a provider this BFF does not run
 * is 404, a room outside the token's scope 403. A room someone reads is one the watcher keeps
 * watching for a while.
 */
export function resolveCall(ctx: RouteContext, request: FastifyRequest, params: CallParams): { provider: Provider; callId: string } {
  const provider = ctx.providers.get(params.provider);
  if (!provider) throw new HttpError(404, 'Not found');
  const { callId } = params;
  if (!canReadRoom(identityOf(request), { provider: provider.id, callId })) throw new HttpError(403, 'Forbidden');
  ctx.history?.watcher.touch({ provider: provider.id, callId });
  return { provider, callId };
}
