import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { digestSchema } from '../../src/contract/digest';
import {
  callReportSchema,
  callsPageSchema,
  callsQuerySchema,
  historyPageSchema,
  historyQuerySchema,
  isParticipantEvent,
} from '../../src/contract/history';
import { canReadRoom, isModerator, type RoomRef } from '../../src/contract/roomAccess';
import { identityOf } from '../auth/requestIdentity';
import { HttpError } from '../errors';
import { InvalidCursorError } from '../history/errors';
import { readFold } from '../history/readFold';
import { callReport } from '../history/report';
import { reportCsv } from '../history/reportCsv';
import { ok } from '../reply';
import type { RouteContext } from './context';
import { moderatorOnly } from './guards';
import { resolveCall } from './resolveCall';
import { CALL_ROUTE_CONFIG, callParamsSchema, okResponse } from './schemas';
import type { HistoryRuntime } from '../watch/historyRuntime';
import { digestAnswer } from '../watch/answers';

function historyOf(ctx: RouteContext): HistoryRuntime {
  if (!ctx.history) throw new HttpError(404, 'Room history is off on this server.');
  return ctx.history;
}

/** A preValidation hook: a participant learns nothing about moderators' routes, not even their parameters. */

async function reportOf(history: HistoryRuntime, room: RoomRef) {
  const stored = await history.store.room(room);
  if (!stored) throw new HttpError(404, 'This call has no history yet.');
  return callReport(room, await readFold(history.store, room), stored.record.lastObservedAt, Date.now());
}

function attachment(reply: FastifyReply, room: RoomRef, extension: string): void {
  // The call id is allow-listed (letters, digits, ._~:@-); `:` and `@` are not welcome in file names.
  const name = `roomwatch-${room.provider}-${room.callId.replace(/[:@~]/g, '_')}.${extension}`;
  reply.header('content-disposition', `attachment; filename="${name}"`);
}

/**
 * The room history (§ "Room history" in docs/history.md), under /api: a room's events, the calls
 * list, the per-call report (JSON and CSV) and the latecomer digest.
 */
export function registerHistoryRoutes(api: FastifyInstance, ctx: RouteContext): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const historyRoute = {
    config: CALL_ROUTE_CONFIG,
    schema: { params: callParamsSchema, querystring: historyQuerySchema, response: okResponse(historyPageSchema) },
  };
  app.get('/calls/:provider/:callId/history', historyRoute, async (request, reply) => {
    const { provider, callId } = resolveCall(ctx, request, request.params);
    const { after, limit } = request.query;
    const history = historyOf(ctx);
    const room = { provider: provider.id, callId };
    const [stored, events] = await Promise.all([history.store.room(room), history.store.events(room, after, limit)]);
    const last = events.at(-1);
    // Share-link readers see what happened to the room, never who came and went.
    const visible = isModerator(identityOf(request)) ? events : events.filter((event) => !isParticipantEvent(event));
    return reply.send(
      ok({
        watchedSince: stored?.record.watchedSince ?? null,
        events: visible,
        nextAfter: events.length === limit && last ? last.seq : null,
      }),
    );
  });

  const callsRoute = { preValidation: moderatorOnly, schema: { querystring: callsQuerySchema, response: okResponse(callsPageSchema) } };
  app.get('/calls', callsRoute, async (request, reply) => {
    const identity = identityOf(request);
    try {
      const page = await historyOf(ctx).store.listCalls(request.query);
      // A moderator limited to some rooms sees only those (a page may then hold fewer than `limit`).
      const calls = page.calls.filter((call) => canReadRoom(identity, call));
      return reply.send(ok({ calls, nextCursor: page.nextCursor }));
    } catch (error) {
      // A cursor is only known to be bad once decoded: the same answer as any other bad parameter.
      if (error instanceof InvalidCursorError) throw new HttpError(400, 'Invalid query parameter: cursor.');
      throw error;
    }
  });

  const reportRoute = {
    preValidation: moderatorOnly,
    config: CALL_ROUTE_CONFIG,
    schema: { params: callParamsSchema, response: okResponse(callReportSchema) },
  };
  app.get('/calls/:provider/:callId/report', reportRoute, async (request, reply) => {
    const { provider, callId } = resolveCall(ctx, request, request.params);
    return reply.send(ok(await reportOf(historyOf(ctx), { provider: provider.id, callId })));
  });

  // CSV, not the envelope: no response schema to apply.
  const csvRoute = { preValidation: moderatorOnly, config: CALL_ROUTE_CONFIG, schema: { params: callParamsSchema } };
  app.get('/calls/:provider/:callId/report.csv', csvRoute, async (request, reply) => {
    const { provider, callId } = resolveCall(ctx, request, request.params);
    const room = { provider: provider.id, callId };
    const report = await reportOf(historyOf(ctx), room);
    attachment(reply, room, 'csv');
    return reply.header('content-type', 'text/csv; charset=utf-8').header('cache-control', 'private, no-store').send(reportCsv(report, Date.now()));
  });

  const digestRoute = { config: CALL_ROUTE_CONFIG, schema: { params: callParamsSchema, response: okResponse(digestSchema) } };
  app.get('/calls/:provider/:callId/digest', digestRoute, async (request, reply) => {
    const { provider, callId } = resolveCall(ctx, request, request.params);
    const history = historyOf(ctx);
    const room = { provider: provider.id, callId };
    // A room nobody watched yet answers an empty digest; resolveCall has just asked for it to be watched.
    const audience = isModerator(identityOf(request)) ? 'moderator' : 'participant';
    return history.longPoll.answer(request, reply, room, digestAnswer(history, room, audience));
  });
}
