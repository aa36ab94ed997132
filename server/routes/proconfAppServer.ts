import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ROOM_NAME_PATTERN } from '../../src/contract/ids';
import { callCatchUpSchema, callSummarySchema, PROCONF_MESSAGES } from '../../src/contract/proconfAppServer';
import { canReadRoom } from '../../src/contract/roomAccess';
import { identityOf, requireIdentity } from '../auth/requestIdentity';
import { HttpError, isUpstreamError, statusCodeOf } from '../errors';
import { createAnswerMemo, sendSerialized } from '../reply';
import type { Observed } from '../upstream/cache';
import type { RouteContext } from './context';
import { ageOf } from './callStatusAnswers';
import { errorHandlerFor } from './errorHandler';

/** The errors ProCONF's apps know (besides 500), passed through as they are. */
const PROCONF_CLIENT_ERRORS = [400, 401, 403, 404, 429];

/**
 * ProCONF's error contract: its clients know four errors and the rate limit; everything that
 * fails behind the BFF, a vendor failure included, is its 500 with its exact message.
 */
export function proconfErrorFor(err: unknown): HttpError {
  if (err instanceof HttpError && PROCONF_CLIENT_ERRORS.includes(err.status)) return err;
  if (!(err instanceof HttpError) && !isUpstreamError(err) && statusCodeOf(err) === 404) {
    return new HttpError(404, PROCONF_MESSAGES.notFound);
  }
  return new HttpError(500, PROCONF_MESSAGES.internal);
}

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

function setAge(reply: FastifyReply, observed: Pick<Observed<unknown>, 'stale' | 'observedAt'>): void {
  const age = ageOf(observed.stale, observed.observedAt.getTime());
  if (age !== undefined) reply.header('age', String(age));
}

/**
 * The ProCONF application-server contract (`/callStatus`, `/callCatchUp`, `/callSummary`), exactly as the apps
 * expect: a signed-in caller, a room the token may read, ProCONF's answers and errors.
 */
export function proconfAppServerRoutes(ctx: RouteContext): FastifyPluginAsync {
  return async (app) => {
    app.addHook('preHandler', requireIdentity(ctx.verifier));
    app.setErrorHandler(errorHandlerFor(proconfErrorFor));
    // Keyed by the provider's cached Observed: one serialization and one ETag per vendor answer.
    const answers = createAnswerMemo();

    const readable = (request: FastifyRequest, room: string) => {
      if (!canReadRoom(identityOf(request), { provider: 'proconf', callId: room })) throw new HttpError(403, 'Forbidden');
      const proconf = ctx.providers.proconf;
      if (!proconf) throw new HttpError(500, PROCONF_MESSAGES.internal);
      // The ProCONF apps are viewers too: the room stays watched while they poll it.
      ctx.history?.watcher.touch({ provider: 'proconf', callId: room });
      return proconf;
    };

    app.get<{ Querystring: { roomName?: unknown } }>('/callStatus', async (request, reply) => {
      const room = roomNameFrom(request.query.roomName);
      readable(request, room);
      const { answer, ageSeconds } = await ctx.callStatus.read(room);
      if (ageSeconds !== undefined) reply.header('age', String(ageSeconds));
      return sendSerialized(reply, answer);
    });

    const catchUp = async (room: string, request: FastifyRequest, reply: FastifyReply) => {
      const proconf = readable(request, room);
      const watched = await ctx.history?.reader.catchUp({ provider: 'proconf', callId: room });
      if (watched) return sendSerialized(reply, answers.serialize(watched, callCatchUpSchema, watched.text));
      const observed = await proconf.catchUpText(room);
      setAge(reply, observed);
      return sendSerialized(reply, answers.serialize(observed, callCatchUpSchema, observed.value));
    };
    app.get<{ Params: { room_name: string } }>('/callCatchUp/:room_name', async (request, reply) =>
      catchUp(roomNameFrom(request.params.room_name), request, reply),
    );
    app.get<{ Querystring: { roomName?: unknown } }>('/callCatchUp', async (request, reply) =>
      catchUp(roomNameFrom(request.query.roomName), request, reply),
    );

    // The post-call summary. A room without one (still live, or no bucket configured) is this
    // contract's 404; any other failure, S3's included, its 500.
    app.get<{ Params: { room_name: string } }>('/callSummary/:room_name', async (request, reply) => {
      const room = roomNameFrom(request.params.room_name);
      const proconf = readable(request, room);
      const observed = await proconf.callSummary(room).catch((error: unknown) => {
        if (isUpstreamError(error) && error.kind === 'not_found') throw new HttpError(404, PROCONF_MESSAGES.notFound);
        throw error;
      });
      setAge(reply, observed);
      return sendSerialized(reply, answers.serialize(observed, callSummarySchema, observed.value));
    });
  };
}
