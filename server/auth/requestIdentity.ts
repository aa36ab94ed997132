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

/** Gives every request of `app` the three slots above (empty until asked). */
export function decorateRequestIdentity(app: FastifyInstance): void {
  app.decorateRequest('identity', null);
  app.decorateRequest('verifiedToken', null);
  app.decorateRequest('verifiedResult', undefined);
}

/**
 * The request's token verification, done at most once per request: its answer at once when it is
 * known without a promise (no token, or a verification the verifier remembers: every poll after
 * the first), else the one promise every asker shares.
 */
export function verificationOf(request: FastifyRequest, verifier: TokenVerifier): VerifiedToken | null | Promise<VerifiedToken | null> {
  if (request.verifiedResult !== undefined) return request.verifiedResult;
  if (request.verifiedToken) return request.verifiedToken;
  const token = tokenFromRequest(request);
  const known = token === undefined ? null : verifier.cached?.(token);
  if (known !== undefined || token === undefined) {
    request.verifiedResult = known ?? null;
    return request.verifiedResult;
  }
  request.verifiedToken = verifier.verify(token).then((verified) => {
    request.verifiedResult = verified;
    return verified;
  });
  return request.verifiedToken;
}

function signIn(request: FastifyRequest, result: VerifiedToken | null): HttpError | undefined {
  if (!result) return new HttpError(401, 'Unauthorized');
  request.identity = result.identity;
  return undefined;
}

/**
 * A hook for routes that need a signed-in caller: 401 `Unauthorized` otherwise. A callback hook:
 * when the verification is already known (a remembered token, or one the rate limiter awaited),
 * it answers without a promise of its own, on the poll path of every dashboard.
 */
export function requireIdentity(verifier: TokenVerifier) {
  return (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void => {
    const verification = verificationOf(request, verifier);
    if (verification instanceof Promise) verification.then((result) => done(signIn(request, result)), done);
    else done(signIn(request, verification));
  };
}

/** The identity a handler behind requireIdentity runs with (the hook has already refused anyone without one). */
export function identityOf(request: FastifyRequest): Identity {
  if (!request.identity) throw new HttpError(401, 'Unauthorized');
  return request.identity;
}
