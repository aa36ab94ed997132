import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { roomListSchema } from '../../src/contract/dashboard';
import { canReadRoom, isModerator, type RoomRef } from '../../src/contract/roomAccess';
import { identityOf } from '../auth/requestIdentity';
import { HttpError } from '../errors';
import { ok } from '../reply';
import { listRooms } from '../watch/listings';
import { roomsOverview } from '../watch/overview';
import type { RouteContext } from './context';
import { okResponse } from './schemas';

/**
 * `GET /api/rooms` (under the /api prefix): live rooms from every provider that can list them,
 * plus the pinned rooms (WATCH_ROOMS). A provider that fails is left out rather than blanking
 * the whole overview.
 */
export function registerRoomRoutes(api: FastifyInstance, ctx: RouteContext): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  app.get('/rooms', { schema: { response: okResponse(roomListSchema) } }, async (request, reply) => {
    const identity = identityOf(request);
    if (!isModerator(identity)) throw new HttpError(403, 'Forbidden');
    const canRead = (room: RoomRef) => canReadRoom(identity, room);
    // With history on, from the watcher's last listings and latest snapshots: never waits on a vendor.
    if (ctx.history) return reply.send(ok(await ctx.history.overview(canRead)));
    const listing = await listRooms(ctx.providers, ctx.watchRooms);
    const snapshotOf = async (room: RoomRef) => {
      const provider = ctx.providers.get(room.provider);
      if (!provider) throw new HttpError(404, 'Not found');
      return provider.getSnapshot(room.callId);
    };
    return reply.send(ok(await roomsOverview(listing, snapshotOf, canRead)));
  });
}
