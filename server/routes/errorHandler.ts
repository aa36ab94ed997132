import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isUpstreamError, type HttpError } from '../errors';
import { sendError } from '../reply';
import { invalidInputError } from './validation';

/**
 * A Fastify error handler that answers what `toPublic` makes of the error, in the envelope.
 * Each route plugin passes its own contract's mapping; input that fails a route's declared
 * schema is the one 400 everywhere (validation.ts). Upstream failures were logged once by the
 * upstream client; anything else that becomes a 5xx is a bug or an outage, and is logged here.
 */
export function errorHandlerFor(toPublic: (err: unknown) => HttpError) {
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const httpError = invalidInputError(err, request) ?? toPublic(err);
    if (httpError.status >= 500 && !isUpstreamError(err)) request.log.error({ err }, 'request failed');
    return sendError(reply, httpError);
  };
}
