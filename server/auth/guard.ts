import type { FastifyRequest } from 'fastify';
import type { Identity } from '../../src/contract/dashboard';
import { HttpError } from '../errors';
import { tokenFromRequest } from './session';
import type { TokenVerifier } from './verifier';

declare module 'fastify' {
  interface FastifyRequest {
    identity: Identity | null;
  }
}

/** A preHandler for every route that needs a signed-in caller: 401 `Unauthorized` otherwise. */
export function requireIdentity(verifier: TokenVerifier) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = tokenFromRequest(request);
    const identity = token === undefined ? null : await verifier.verify(token);
    if (!identity) throw new HttpError(401, 'Unauthorized');
    request.identity = identity;
  };
}

/** The identity a guarded handler runs with (the guard has already refused anyone without one). */
export function identityOf(request: FastifyRequest): Identity {
  if (!request.identity) throw new HttpError(401, 'Unauthorized');
  return request.identity;
}
