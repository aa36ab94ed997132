import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { signInOptionsSchema } from '../../src/contract/signIn';
import { expireCookie, isSecureCookie, readCookie, setSessionCookie, writeCookie } from '../auth/cookie';
import { claimAt, identityFor, stringList, userOf } from '../auth/oidc/claims';
import { SignInFailure } from '../auth/oidc/client';
import { idpUnreachablePage, noAccessPage, signInFailedPage } from '../auth/oidc/pages';
import { safeReturnTo } from '../auth/oidc/returnTo';
import { TRANSACTION_COOKIE, TRANSACTION_SECONDS, TransactionSeal } from '../auth/oidc/transaction';
import { ok } from '../reply';
import type { RouteContext } from './context';
import { okResponse } from './schemas';

const loginQuerySchema = z.object({ returnTo: z.string().max(2048).optional() });

/**
 * Sign-in with the team's identity provider: `GET /auth/login` sends the browser to the IdP with
 * a sealed transaction cookie, `GET /auth/callback` finishes it and sets the session cookie.
 * Registered only with OIDC on; as static paths they win over the demo's `/auth/:code`.
 * `GET /auth/sign-in-options` is always there: the sign-in page asks it what to offer.
 */
export function registerOidcRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const client = ctx.oidc;
  app.get('/auth/sign-in-options', { schema: { response: okResponse(signInOptionsSchema) } }, async (_request, reply) =>
    reply.header('cache-control', 'no-store').send(
      ok({ oidc: client ? { displayName: client.config.displayName, available: client.status() === 'ok' } : null }),
    ),
  );
  if (!client) return;

  const seal = new TransactionSeal(client.config.sessionSecret);
  const cookieMode = ctx.config.security.cookieSecure;
  // SameSite=Lax: the callback is a cross-site top-level GET from the IdP, which Strict would strip.
  const transactionCookie = (request: FastifyRequest) =>
    ({ httpOnly: true, sameSite: 'lax', secure: isSecureCookie(request, cookieMode), path: '/auth' }) as const;

  app.get('/auth/login', async (request, reply) => {
    const query = loginQuerySchema.safeParse(request.query);
    const returnTo = safeReturnTo(query.success ? query.data.returnTo : undefined);
    try {
      const { url, transaction } = await client.begin(returnTo);
      writeCookie(reply, TRANSACTION_COOKIE, await seal.seal(transaction), { ...transactionCookie(request), maxAge: TRANSACTION_SECONDS });
      return reply.header('cache-control', 'no-store').redirect(url.toString(), 302);
    } catch (err) {
      if (err instanceof SignInFailure) return idpUnreachablePage(reply, client.config.displayName);
      throw err;
    }
  });

  app.get('/auth/callback', async (request, reply) => {
    // One attempt per transaction, whatever happens next.
    expireCookie(reply, TRANSACTION_COOKIE, transactionCookie(request));
    const transaction = await seal.open(readCookie(request, TRANSACTION_COOKIE));
    if (!transaction) return refuse(request, reply, 'missing or unreadable sign-in transaction');
    const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    try {
      const { sub, claims } = await client.complete(search, transaction);
      const user = userOf(claims, sub);
      const groups = stringList(claimAt(claims, client.config.groupsClaim)) ?? [];
      const identity = identityFor(client.config, user, groups, claims);
      if (!identity) {
        request.log.info({ sub }, 'oidc sign-in refused: in no moderator group');
        return noAccessPage(reply, user.account, client.config.accessContact);
      }
      const { token } = await ctx.issuer.issue(identity, client.config.sessionSeconds);
      setSessionCookie(request, reply, cookieMode, token, client.config.sessionSeconds);
      request.log.info({ sub, role: identity.role }, 'signed in through the identity provider');
      await ctx.audit?.record({
        actor: { sub, name: user.name },
        action: 'auth.signed_in',
        target: { type: 'session', id: sub },
        details: { method: 'oidc' },
      });
      return reply.header('cache-control', 'no-store').redirect(transaction.returnTo, 302);
    } catch (err) {
      if (!(err instanceof SignInFailure)) throw err;
      if (err.kind === 'unreachable') {
        request.log.warn({ reason: err.reason }, 'oidc sign-in failed: identity provider unreachable');
        return idpUnreachablePage(reply, client.config.displayName);
      }
      return refuse(request, reply, err.reason);
    }
  });
}

function refuse(request: FastifyRequest, reply: FastifyReply, reason: string): FastifyReply {
  request.log.warn({ reason }, 'oidc sign-in failed');
  return signInFailedPage(reply);
}

