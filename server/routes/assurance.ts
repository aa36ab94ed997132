import type { FastifyInstance } from 'fastify';
import type { FastifyRequest } from 'fastify';
import { assurancePeriodSchema, assuranceQuerySchema, callAssuranceSchema, type AssuranceQuery } from '../../src/contract/assurance';
import { canReadRoom, isModerator } from '../../src/contract/roomAccess';
import { decodeOffset, periodCsv, periodPage, worstFirst } from '../assurance/period';
import { basisOf, readAllEvents } from '../assurance/callEvents';
import { assessCall } from '../assurance/fold';
import { identityOf } from '../auth/requestIdentity';
import { HttpError } from '../errors';
import { sendData } from '../reply';
import type { RouteContext } from './context';
import { resolveCall, type CallParams } from './resolveCall';

function periodQuery(request: FastifyRequest): AssuranceQuery {
  const parsed = assuranceQuerySchema.safeParse(request.query);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || 'query'))];
    throw new HttpError(400, `Bad query parameter: ${fields.join(', ')}.`);
  }
  return parsed.data;
}

/** `GET /api/calls/:provider/:callId/assurance`: the call's figures by the rules of docs/assurance.md. */
export function registerAssuranceRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Params: CallParams }>('/calls/:provider/:callId/assurance', async (request, reply) => {
    if (!isModerator(identityOf(request))) throw new HttpError(403, 'Forbidden');
    const { provider, callId } = resolveCall(ctx, request);
    if (!ctx.history) throw new HttpError(404, 'Room history is off on this server.');
    const room = { provider: provider.id, callId };
    const stored = await ctx.history.store.room(room);
    if (!stored) throw new HttpError(404, 'This call has no history yet.');
    const events = await readAllEvents(ctx.history.store, room);
    const governance = (await ctx.assurance?.governanceOf(room)) ?? null;
    const basis = basisOf(events, governance, provider.info.capabilities.participants, Date.now());
    reply.header('cache-control', 'private, no-store');
    return sendData(reply, callAssuranceSchema, assessCall(events, basis));
  });

  /** Over a period (calls by start in [from, to)), worst first; totals count governed calls only. */
  app.get('/assurance', async (request, reply) => {
    const identity = identityOf(request);
    if (!isModerator(identity)) throw new HttpError(403, 'Forbidden');
    const query = periodQuery(request);
    const offset = query.cursor === undefined ? 0 : decodeOffset(query.cursor);
    if (offset === null) throw new HttpError(400, 'Bad query parameter: cursor.');
    if (!ctx.history || !ctx.assurance) throw new HttpError(404, 'Room history is off on this server.');
    const calls = await ctx.assurance.assessPeriod(query, (room) => canReadRoom(identity, room));
    reply.header('cache-control', 'private, no-store');
    return sendData(reply, assurancePeriodSchema, periodPage(calls, offset, query.limit));
  });

  /** The same rows as CSV, every call of the period (no paging). */
  app.get('/assurance.csv', async (request, reply) => {
    const identity = identityOf(request);
    if (!isModerator(identity)) throw new HttpError(403, 'Forbidden');
    const query = periodQuery(request);
    if (!ctx.history || !ctx.assurance) throw new HttpError(404, 'Room history is off on this server.');
    const calls = await ctx.assurance.assessPeriod(query, (room) => canReadRoom(identity, room));
    const rows = calls.map((c) => c.row).sort(worstFirst);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', 'attachment; filename="roomwatch-assurance.csv"')
      .send(periodCsv(rows));
  });
}
