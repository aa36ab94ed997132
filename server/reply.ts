import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { HttpError } from './errors';

/**
 * The success envelope. The payload is parsed with its contract schema on the way out, so
 * the BFF can never answer outside its own contract (and no stray vendor field leaks).
 */
export function sendData<S extends z.ZodType>(reply: FastifyReply, schema: S, data: z.input<S>): FastifyReply {
  return reply.send({ error: null, data: schema.parse(data) });
}

export function sendError(reply: FastifyReply, error: HttpError): FastifyReply {
  if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
  return reply
    .code(error.status)
    .type('application/json; charset=utf-8')
    .send({ data: null, error: { code: error.status, message: error.publicMessage } });
}
