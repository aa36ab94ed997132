import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
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
import { sendData } from '../reply';
import type { RouteContext } from './context';
import { resolveCall, type CallParams } from './resolveCall';
import type { HistoryRuntime } from '../watch/historyRuntime';
import { digestAnswer } from '../watch/answers';

/** A query string checked against its schema: anything off (unknown key, bad number) is our 400. */
function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || 'query'))];
    throw new HttpError(400, `Bad query parameter: ${fields.join(', ')}.`);
  }
  return parsed.data;
}

function historyOf(ctx: RouteContext): HistoryRuntime {
  if (!ctx.history) throw new HttpError(404, 'Room history is off on this server.');
  return ctx.history;
}

function moderatorOnly(request: Parameters<typeof identityOf>[0]): void {
  if (!isModerator(identityOf(request))) throw new HttpError(403, 'Forbidden');
}

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
export function registerHistoryRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Params: CallParams }>('/calls/:provider/:callId/history', async (request, reply) => {
    const { provider, callId } = resolveCall(ctx, request);
    const { after, limit } = parseQuery(historyQuerySchema, request.query);
    const history = historyOf(ctx);
    const room = { provider: provider.id, callId };
    const [stored, events] = await Promise.all([history.store.room(room), history.store.events(room, after, limit)]);
    const last = events.at(-1);
    // Share-link readers see what happened to the room, never who came and went.
    const visible = isModerator(identityOf(request)) ? events : events.filter((event) => !isParticipantEvent(event));
    return sendData(reply, historyPageSchema, {
      watchedSince: stored?.record.watchedSince ?? null,
      events: visible,
      nextAfter: events.length === limit && last ? last.seq : null,
    });
  });

  app.get('/calls', async (request, reply) => {
    moderatorOnly(request);
    const query = parseQuery(callsQuerySchema, request.query);
    const identity = identityOf(request);
    try {
      const page = await historyOf(ctx).store.listCalls(query);
      // A moderator limited to some rooms sees only those (a page may then hold fewer than `limit`).
      const calls = page.calls.filter((call) => canReadRoom(identity, call));
      return sendData(reply, callsPageSchema, { calls, nextCursor: page.nextCursor });
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new HttpError(400, 'Bad query parameter: cursor.');
      throw error;
    }
  });

  app.get<{ Params: CallParams }>('/calls/:provider/:callId/report', async (request, reply) => {
    moderatorOnly(request);
    const { provider, callId } = resolveCall(ctx, request);
    return sendData(reply, callReportSchema, await reportOf(historyOf(ctx), { provider: provider.id, callId }));
  });

  app.get<{ Params: CallParams }>('/calls/:provider/:callId/report.csv', async (request, reply) => {
    moderatorOnly(request);
    const { provider, callId } = resolveCall(ctx, request);
    const room = { provider: provider.id, callId };
    const report = await reportOf(historyOf(ctx), room);
    attachment(reply, room, 'csv');
    return reply.header('content-type', 'text/csv; charset=utf-8').header('cache-control', 'private, no-store').send(reportCsv(report, Date.now()));
  });

  app.get<{ Params: CallParams }>('/calls/:provider/:callId/digest', async (request, reply) => {
    const { provider, callId } = resolveCall(ctx, request);
    const history = historyOf(ctx);
    const room = { provider: provider.id, callId };
    // A room nobody watched yet answers an empty digest; resolveCall has just asked for it to be watched.
    const audience = isModerator(identityOf(request)) ? 'moderator' : 'participant';
    return history.longPoll.answer(request, reply, room, digestAnswer(history, room, audience));
  });
}
