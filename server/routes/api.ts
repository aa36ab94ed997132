import type { FastifyPluginAsync } from 'fastify';
import { registerAlertRoutes } from './alerts';
import { registerAssuranceRoutes } from './assurance';
import { registerRecordingPolicyRoutes } from './assurancePolicies';
import { registerEvidenceRoutes } from './evidence';
import { registerAuditRoutes } from './audit';
import { requireIdentity } from '../auth/requestIdentity';
import { apiErrorFor } from '../errors';
import { registerCallRoutes } from './calls';
import type { RouteContext } from './context';
import { errorHandlerFor } from './errorHandler';
import { registerHistoryRoutes } from './history';
import { registerIdentityRoutes } from './identity';
import { registerRoomRoutes } from './rooms';
import { registerShareLinkRoutes } from './shareLinks';

/**
 * The dashboard API, registered under `/api`: every route needs a signed-in caller (401 before
 * its input is looked at), and every failure answers in the dashboard's error contract.
 * preValidation rather than onRequest so that the same-origin check of state-changing routes
 * (an onRequest hook) and body parsing answer first, as they always have; before the route's
 * schema, so that an anonymous caller learns nothing from a 400 (docs/decisions/0002).
 */
export function apiRoutes(ctx: RouteContext): FastifyPluginAsync {
  return async (api) => {
    api.addHook('preValidation', requireIdentity(ctx.verifier));
    api.setErrorHandler(errorHandlerFor(apiErrorFor));
    registerIdentityRoutes(api, ctx);
    registerRoomRoutes(api, ctx);
    registerCallRoutes(api, ctx);
    registerHistoryRoutes(api, ctx);
    registerShareLinkRoutes(api, ctx);
    registerAlertRoutes(api, ctx);
    registerAssuranceRoutes(api, ctx);
    registerRecordingPolicyRoutes(api, ctx);
    registerEvidenceRoutes(api, ctx);
    registerAuditRoutes(api, ctx);
  };
}
