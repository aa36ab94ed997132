import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditPageSchema, auditQuerySchema } from '../../src/contract/audit';
import { auditCsvHeader, auditCsvRows } from '../audit/csv';
import { AuditCursorError, type AuditService } from '../audit/service';
import { HttpError } from '../errors';
import { ok } from '../reply';
import type { RouteContext } from './context';
import { moderatorOnly } from './guards';
import { okResponse } from './schemas';

function serviceOf(ctx: RouteContext): AuditService {
  if (!ctx.audit) throw new HttpError(404, 'Not found');
  return ctx.audit;
}

/**
 * `GET /api/audit?actor=&action=&cursor=&limit=` and `GET /api/audit.csv?actor=&action=` (under
 * /api): who changed what, newest first, for moderators (participants 403).
 */
export function registerAuditRoutes(api: FastifyInstance, ctx: RouteContext): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  app.get('/audit', { preValidation: moderatorOnly, schema: { querystring: auditQuerySchema, response: okResponse(auditPageSchema) } }, async (request, reply) => {
    try {
      const page = await serviceOf(ctx).page(request.query);
      return reply.header('cache-control', 'no-store').send(ok(page));
    } catch (err) {
      if (err instanceof AuditCursorError) throw new HttpError(400, 'Invalid query parameter: cursor.');
      throw err;
    }
  });

  app.get('/audit.csv', { preValidation: moderatorOnly, schema: { querystring: auditQuerySchema } }, async (request, reply) => {
    const { actor, action } = request.query;
    const service = serviceOf(ctx);
    async function* lines() {
      yield auditCsvHeader();
      for await (const entries of service.each({ actor, action })) yield auditCsvRows(entries);
    }
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="roomwatch-audit.csv"')
      .header('cache-control', 'no-store')
      .send(Readable.from(lines()));
  });
}
