import type { FastifyInstance } from 'fastify';
import { ROOM_NAME_PATTERN } from '../../src/contract/ids';
import { callCatchUpSchema, callStatusSchema, PROCONF_MESSAGES } from '../../src/contract/proconfAppServer';
import { canReadRoom } from '../auth/scope';
import { identityOf } from '../auth/guard';
import { HttpError } from '../errors';
import { createAnswerMemo, sendSerialized } from '../reply';
import type { Observed } from '../upstream/cache';
import type { RouteContext } from './context';

/**
 * Validates a room name from the query or the path. Missing or empty: ProCONF's own 400;
 * present but outside the allow-list: our 400 — in both cases before any upstream request.
 */
export function roomNameFrom(value: unknown): string {
  if (value === undefined || value === '') throw new HttpError(400, PROCONF_MESSAGES.roomRequired);
  if (typeof value !== 'string' || !ROOM_NAME_PATTERN.test(value)) {
    throw new HttpError(400, PROCONF_MESSAGES.invalidRoom);
  }
  return value;
}

function setAge(reply: { header(name: string, value: string): unknown }, observed: Observed<unknown>): void {
  if (observed.stale) {
    reply.header('age', String(Math.max(0, Math.floor((Date.now() - observed.observedAt.getTime()) / 1000))));
  }
}

/** The ProCONF application-server contract (`/callStatus`, `/callCatchUp`), exactly as the apps expect. */
export function registerProconfAppServerRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const routeConfig = { family: 'proconf' as const };
  // Keyed by the provider's cached Observed: one serialization and one ETag per vendor answer.
  const answers = createAnswerMemo();

  const provider = () => {
    const proconf = ctx.providers.proconf;
    if (!proconf) throw new HttpError(500, PROCONF_MESSAGES.internal);
    return proconf;
  };
  const authorize = (identity: ReturnType<typeof identityOf>, room: string) => {
    if (!canReadRoom(identity, 'proconf', room)) throw new HttpError(403, 'Forbidden');
  };

  app.get<{ Querystring: { roomName?: unknown } }>(
    '/callStatus',
    { config: routeConfig, preHandler: ctx.authenticate },
    async (request, reply) => {
      const room = roomNameFrom(request.query.roomName);
      authorize(identityOf(request), room);
      const observed = await provider().callStatus(room);
      setAge(reply, observed);
      return sendSerialized(reply, answers.serialize(observed, callStatusSchema, observed.value));
    },
  );

  const catchUp = async (room: string, request: Parameters<typeof identityOf>[0], reply: Parameters<typeof sendSerialized>[0]) => {
    authorize(identityOf(request), room);
    const observed = await provider().catchUpText(room);
    setAge(reply, observed);
    return sendSerialized(reply, answers.serialize(observed, callCatchUpSchema, observed.value));
  };

  app.get<{ Params: { room_name: string } }>(
    '/callCatchUp/:room_name',
    { config: routeConfig, preHandler: ctx.authenticate },
    async (request, reply) => catchUp(roomNameFrom(request.params.room_name), request, reply),
  );
  app.get<{ Querystring: { roomName?: unknown } }>(
    '/callCatchUp',
    { config: routeConfig, preHandler: ctx.authenticate },
    async (request, reply) => catchUp(roomNameFrom(request.query.roomName), request, reply),
  );
}
