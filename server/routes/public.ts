import type { FastifyPluginAsync } from 'fastify';
import { apiErrorFor } from '../errors';
import type { RouteContext } from './context';
import { errorHandlerFor } from './errorHandler';
import { registerHealthRoutes } from './health';
import { registerSessionExchangeRoutes } from './sessionExchange';
import { registerSignInRoutes } from './signIn';
import { registerOidcRoutes } from './authOidc';

/**
 * Routes anyone may call without a session: health and readiness, the demo sign-in link,
 * sign-in with the identity provider,
 * sign-out and the token-for-session exchange. Their failures answer in the dashboard's
 * error contract. (The UI build and its deep-link fallback are the app's not-found handler,
 * see app.ts, since that must also answer for every unknown path.)
 */
export function publicRoutes(ctx: RouteContext): FastifyPluginAsync {
  return async (site) => {
    site.setErrorHandler(errorHandlerFor(apiErrorFor));
    registerHealthRoutes(site, ctx);
    registerOidcRoutes(site, ctx);
    registerSignInRoutes(site, ctx);
    registerSessionExchangeRoutes(site, ctx);
  };
}
