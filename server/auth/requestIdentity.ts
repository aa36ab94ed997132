import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
    /** That verification once settled (null: no valid token), or undefined while nobody has awaited it. */
    verifiedResult: VerifiedToken | null | undefined;
  }
}

/** Gives every request of `app` the two slots above (null until asked). */
export function decorateRequestIdentity(app: FastifyInstance): void {
  app.decorateRequest('identity', null);
  app.decorateRequest('verifiedToken', null);
  app.decorateRequest('verifiedResult', undefined);
}

export function verifyRequest(request: FastifyRequest, verifier: TokenVerifier): Promise<VerifiedToken | null> {
  if (!request.verifiedToken) {
    const token = tokenFromRequest(request);
    request.verifiedToken = token === undefined ? Promise.resolve(null) : verifier.verify(token);
  }
  return request.verifiedToken;
}

/** The request's verification, awaited once; later askers read `verifiedResult` without a promise. */
export async function verifiedResultOf(request: FastifyRequest, verifier: TokenVerifier): Promise<VerifiedToken | null> {
  if (request.verifiedResult === undefined) request.verifiedResult = await verifyRequest(request, verifier);
  return request.verifiedResult;
}

function signIn(request: FastifyRequest, result: VerifiedToken | null): HttpError | undefined {
  if (!result) return new HttpError(401, 'Unauthorized');
  request.identity = result.identity;
  return undefined;
}

/**
 * A hook for routes that need a signed-in caller: 401 `Unauthorized` otherwise. A callback hook:
 * when the rate limiter has already awaited the verification (every request while limits are
 * on), it answers without a promise of its own, on the poll path of every dashboard.
 */
export function requireIdentity(verifier: TokenVerifier) {
  return (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void => {
    if (request.verifiedResult !== undefined) {
      done(signIn(request, request.verifiedResult));
      return;
    }
    verifiedResultOf(request, verifier).then((result) => done(signIn(request, result)), done);
  };
}

/** The identity a handler behind requireIdentity runs with (the hook has already refused anyone without one). */
export function identityOf(request: FastifyRequest): Identity {
  if (!request.identity) throw new HttpError(401, 'Unauthorized');
  return request.identity;
}
