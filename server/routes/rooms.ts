import type { FastifyInstance } from 'fastify';
import { roomListSchema, type RoomSummary } from '../../src/contract/dashboard';
import { identityOf } from '../auth/guard';
import { canReadRoom, isModerator } from '../auth/scope';
import { HttpError } from '../errors';
import { sendData } from '../reply';
import type { RouteContext } from './context';

/**
 * `GET /api/rooms`: live rooms from every provider that can list them. A provider that fails
 * is left out (and logged by its client) rather than blanking the whole overview: moderators
 * still see the other vendors' rooms, and pinned rooms show their own errors.
 */
export function registerRoomRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/rooms', { config: { family: 'api' }, preHandler: ctx.authenticate }, async (request, reply) => {
    const identity = identityOf(request);
    if (!isModerator(identity)) throw new HttpError(403, 'Forbidden');
    const listings = await Promise.allSettled(
      ctx.providers.all().flatMap((provider) => (provider.listRooms ? [provider.listRooms()] : [])),
    );
    const rooms: RoomSummary[] = listings
      .flatMap((result) => (result.status === 'fulfilled' ? result.value : []))
      .filter((room) => canReadRoom(identity, room.provider, room.callId));
    return sendData(reply, roomListSchema, rooms);
  });
}
