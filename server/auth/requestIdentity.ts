import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Identity } from '../../src/contract/dashboard';
import { HttpError } from '../errors';
import { tokenFromRequest } from './session';
import type { TokenVerifier, VerifiedToken } from './verifier';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by requireIdentity on routes that need a signed-in caller. */
    identity: Identity | null;
    /**
     * The request's token, verified at most once per request: the rate limiter (which keys on
     * the verified `sub`) and requireIdentity both ask, and a JWKS verification is not free.
     */
    verifiedToken: Promise<VerifiedToken | null> | null;
  }
}

/** Gives every request of `app` the two slots above (null until asked). */
export function decorateRequestIdentity(app: FastifyInstance): void {
  app.decorateRequest('identity', null);
  app.decorateRequest('verifiedToken', null);
}

export function verifyRequest(request: FastifyRequest, verifier: TokenVerifier): Promise<VerifiedToken | null> {
  if (!request.verifiedToken) {
    const token = tokenFromRequest(request);
    request.verifiedToken = token === undefined ? Promise.resolve(null) : verifier.verify(token);
  }
  return request.verifiedToken;
}

/** A hook for routes that need a signed-in caller: 401 `Unauthorized` otherwise. */
export function requireIdentity(verifier: TokenVerifier) {
  return async (request: FastifyRequest): Promise<void> => {
    const result = await verifyRequest(request, verifier);
    if (!result) throw new HttpError(401, 'Unauthorized');
    request.identity = result.identity;
  };
}

/** The identity a handler behind requireIdentity runs with (the hook has already refused anyone without one). */
export function identityOf(request: FastifyRequest): Identity {
  if (!request.identity) throw new HttpError(401, 'Unauthorized');
  return request.identity;
}
