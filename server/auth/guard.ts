import type { FastifyRequest } from 'fastify';
import type { Identity } from '../../src/contract/dashboard';
import { HttpError } from '../errors';
import { tokenFromRequest } from './session';
import type { TokenVerifier, VerifiedToken } from './verifier';

declare module 'fastify' {
  interface FastifyRequest {
    identity: Identity | null;
    /** The request's token check, shared by the rate limiter and the guard (see verifyRequest). */
    verification: Promise<VerifiedToken | null> | null;
  }
}

/**
 * The request's token, verified at most once per request: the rate limiter (which keys on the
 * verified `sub`) and the route guard both ask, and a JWKS verification is not free. The
 * promise is kept on the request (decorated in buildApp): no module state, and no WeakMap entry
 * per request for the GC to trace.
 */
export function verifyRequest(request: FastifyRequest, verifier: TokenVerifier): Promise<VerifiedToken | null> {
  if (!request.verification) {
    const token = tokenFromRequest(request);
    request.verification = token === undefined ? Promise.resolve(null) : verifier.verify(token);
  }
  return request.verification;
}

/** A preHandler for every route that needs a signed-in caller: 401 `Unauthorized` otherwise. */
export function requireIdentity(verifier: TokenVerifier) {
  return async (request: FastifyRequest): Promise<void> => {
    const result = await verifyRequest(request, verifier);
    if (!result) throw new HttpError(401, 'Unauthorized');
    request.identity = result.identity;
  };
}

/** The identity a guarded handler runs with (the guard has already refused anyone without one). */
export function identityOf(request: FastifyRequest): Identity {
  if (!request.identity) throw new HttpError(401, 'Unauthorized');
  return request.identity;
}
