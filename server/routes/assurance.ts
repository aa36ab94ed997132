import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { assurancePeriodSchema, assuranceQuerySchema, callAssuranceSchema } from '../../src/contract/assurance';
import { canReadRoom } from '../../src/contract/roomAccess';
import { decodeOffset, periodCsv, periodPage, worstFirst } from '../assurance/period';
import { basisOf, readAllEvents } from '../assurance/callEvents';
import { assessCall } from '../assurance/fold';
import { identityOf } from '../auth/requestIdentity';
import { HttpError } from '../errors';
import { ok } from '../reply';
import type { RouteContext } from './context';
import { moderatorOnly } from './guards';
import { resolveCall } from './resolveCall';
import { CALL_ROUTE_CONFIG, callParamsSchema, okResponse } from './schemas';

/** `GET /api/calls/:provider/:callId/assurance`: the call's figures by the rules of docs/assurance.md. */
export function registerAssuranceRoutes(api: FastifyInstance, ctx: RouteContext): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const callRoute = {
    preValidation: moderatorOnly,
    config: CALL_ROUTE_CONFIG,
    schema: { params: callParamsSchema, response: okResponse(callAssuranceSchema) },
  };
  app.get('/calls/:provider/:callId/assurance', callRoute, async (request, reply) => {
    const { provider, callId } = resolveCall(ctx, request, request.params);
    if (!ctx.history) throw new HttpError(404, 'Room history is off on this server.');
    const room = { provider: provider.id, callId };
    const stored = await ctx.history.store.room(room);
    if (!stored) throw new HttpError(404, 'This call has no history yet.');
    const events = await readAllEvents(ctx.history.store, room);
    const governance = (await ctx.assurance?.governanceOf(room)) ?? null;
    const basis = basisOf(events, governance, provider.info.capabilities.participants, Date.now());
    reply.header('cache-control', 'private, no-store');
    return reply.send(ok(assessCall(events, basis)));
  });

  /** Over a period (calls by start in [from, to)), worst first; totals count governed calls only. */
  const periodRoute = { preValidation: moderatorOnly, schema: { querystring: assuranceQuerySchema, response: okResponse(assurancePeriodSchema) } };
  app.get('/assurance', periodRoute, async (request, reply) => {
    const identity = identityOf(request);
    const query = request.query;
    const offset = query.cursor === undefined ? 0 : decodeOffset(query.cursor);
    if (offset === null) throw new HttpError(400, 'Invalid query parameter: cursor.');
    if (!ctx.history || !ctx.assurance) throw new HttpError(404, 'Room history is off on this server.');
    const calls = await ctx.assurance.assessPeriod(query, (room) => canReadRoom(identity, room));
    reply.header('cache-control', 'private, no-store');
    return reply.send(ok(periodPage(calls, offset, query.limit)));
  });

  /** The same rows as CSV, every call of the period (no paging). */
  app.get('/assurance.csv', { preValidation: moderatorOnly, schema: { querystring: assuranceQuerySchema } }, async (request, reply) => {
    const identity = identityOf(request);
    const query = request.query;
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
