import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditPageSchema, auditQuerySchema, type AuditQuery } from '../../src/contract/audit';
import { isModerator } from '../../src/contract/roomAccess';
import { auditCsvHeader, auditCsvRows } from '../audit/csv';
import { AuditCursorError, type AuditService } from '../audit/service';
import { identityOf } from '../auth/requestIdentity';
import { HttpError } from '../errors';
import { sendData } from '../reply';
import type { RouteContext } from './context';

function serviceOf(ctx: RouteContext): AuditService {
  if (!ctx.audit) throw new HttpError(404, 'Not found');
  return ctx.audit;
}

function auditReader(request: FastifyRequest): void {
  if (!isModerator(identityOf(request))) throw new HttpError(403, 'Forbidden');
}

function parseQuery(query: unknown): AuditQuery {
  const parsed = auditQuerySchema.safeParse(query);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.flatMap((issue) => (issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.join('.')])))];
    throw new HttpError(400, `Bad query parameter: ${fields.slice(0, 5).join(', ')}.`);
  }
  return parsed.data;
}

/**
 * `GET /api/audit?actor=&action=&cursor=&limit=` and `GET /api/audit.csv?actor=&action=` (under
 * /api): who changed what, newest first, for moderators (participants 403).
 */
export function registerAuditRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/audit', async (request, reply) => {
    auditReader(request);
    const query = parseQuery(request.query);
    try {
      const page = await serviceOf(ctx).page(query);
      return sendData(reply.header('cache-control', 'no-store'), auditPageSchema, page);
    } catch (err) {
      if (err instanceof AuditCursorError) throw new HttpError(400, 'Bad query parameter: cursor.');
      throw err;
    }
  });

  app.get('/audit.csv', async (request, reply) => {
    auditReader(request);
    const { actor, action } = parseQuery({ ...(request.query as object), limit: undefined });
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
