import type { FastifyPluginAsync } from 'fastify';
import { apiErrorFor } from '../errors';
import { registerPushHooks } from '../push/receiver';
import { hookOptions } from '../push/wiring';
import type { RouteContext } from './context';
import { errorHandlerFor } from './errorHandler';

/**
 * `POST /hooks/bandwidth`, `/hooks/cometchat`, `/hooks/tencent`: the vendors' webhooks (see
 * docs/vendors.md). Authenticated by each vendor's own scheme, never by a session; each
 * receiver exists only when its secret is configured. Own plugin, so its raw-body parser
 * stays out of the other routes.
 */
export function hookRoutes(ctx: RouteContext): FastifyPluginAsync {
  return async (site) => {
    site.setErrorHandler(errorHandlerFor(apiErrorFor));
    if (ctx.push) await registerPushHooks(site, { ...hookOptions(ctx.push), ...(ctx.metrics ? { metrics: ctx.metrics } : {}) });
  };
}
