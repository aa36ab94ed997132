import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { roomListSchema, type RoomSummary } from '../../src/contract/dashboard';
import { canReadRoom, isModerator, sameRoom, type RoomRef } from '../../src/contract/roomAccess';
import { identityOf } from '../auth/requestIdentity';
import { HttpError, isUpstreamError } from '../errors';
import type { ProviderSet } from '../providers/registry';
import { ok } from '../reply';
import type { RouteContext } from './context';
import { okResponse } from './schemas';

/**
 * A watched room's line on the overview, from its (cached) snapshot. A watched room whose vendor
 * fails is still listed, as `unknown`: the moderator asked to see it, and its card shows the
 * error. Anything other than a vendor failure is a bug and answers 500.
 */
async function watchedRoom(providers: ProviderSet, ref: RoomRef): Promise<RoomSummary | undefined> {
  const provider = providers.get(ref.provider);
  if (!provider) return undefined;
  try {
    const snapshot = await provider.getSnapshot(ref.callId);
    return { provider: ref.provider, callId: ref.callId, state: snapshot.state, startedAt: snapshot.startedAt };
  } catch (err) {
    if (!isUpstreamError(err)) throw err;
    return { provider: ref.provider, callId: ref.callId, state: 'unknown', startedAt: null };
  }
}

/**
 * `GET /api/rooms` (under the /api prefix): live rooms from every provider that can list them,
 * plus the watched rooms (WATCH_ROOMS; with the simulator, the demo calls of vendors that cannot
 * list). A provider that fails is left out (and logged by its client) rather than blanking the
 * whole overview: moderators still see the other vendors' rooms, and pinned rooms show their
 * own errors.
 */
export function registerRoomRoutes(api: FastifyInstance, ctx: RouteContext): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  app.get('/rooms', { schema: { response: okResponse(roomListSchema) } }, async (request, reply) => {
    const identity = identityOf(request);
    if (!isModerator(identity)) throw new HttpError(403, 'Forbidden');
    const listings = await Promise.allSettled(
      ctx.providers.all().flatMap((provider) => (provider.listRooms ? [provider.listRooms()] : [])),
    );
    const listed = listings.flatMap((result) => {
      if (result.status === 'fulfilled') return result.value;
      if (!isUpstreamError(result.reason)) throw result.reason;
      return [];
    });
    const watched = await Promise.all(
      ctx.watchRooms
        .filter((ref) => !listed.some((room) => sameRoom(room, ref)) && canReadRoom(identity, ref))
        .map((ref) => watchedRoom(ctx.providers, ref)),
    );
    const rooms = [...listed, ...watched.flatMap((room) => (room ? [room] : []))].filter((room) => canReadRoom(identity, room));
    return reply.send(ok(rooms));
  });
}
