import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordingPolicyInputSchema, recordingPolicyPatchSchema, recordingPolicySchema } from '../../src/contract/assurance';
import { envelopeSchema } from '../../src/contract/envelope';
import type { AssuranceService } from '../assurance/service';
import { identityOf } from '../auth/requestIdentity';
import { actorOf } from '../audit/auditLog';
import { HttpError } from '../errors';
import { ok } from '../reply';
import type { RouteContext } from './context';
import { moderatorOfEveryRoom } from './guards';
import { okResponse } from './schemas';

const policyIdParamsSchema = z.object({ id: z.uuid() });
/** An id that cannot be a policy id names no policy: the same 404 as an unknown one. */
const POLICY_ROUTE_CONFIG = { notFoundParams: { id: 'No such recording policy.' } };
const policyEditor = moderatorOfEveryRoom('Recording policies');

function serviceOf(ctx: RouteContext): AssuranceService {
  if (!ctx.assurance) throw new HttpError(404, 'Recording policies need the room history, which is off on this server.');
  return ctx.assurance;
}

/** `GET/POST/PATCH/DELETE /api/recording-policies[/:id]` (docs/assurance.md), moderators of every room. */
export function registerRecordingPolicyRoutes(api: FastifyInstance, ctx: RouteContext): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const editing = { onRequest: ctx.sameOriginJson, preValidation: policyEditor };

  app.get('/recording-policies', { preValidation: policyEditor, schema: { response: okResponse(z.array(recordingPolicySchema)) } }, async (_request, reply) =>
    reply.send(ok(await serviceOf(ctx).listPolicies())),
  );

  const createRoute = { ...editing, schema: { body: recordingPolicyInputSchema, response: { 201: envelopeSchema(recordingPolicySchema) } } };
  app.post('/recording-policies', createRoute, async (request, reply) => {
    const policy = await serviceOf(ctx).createPolicy(request.body, actorOf(identityOf(request)));
    return reply.code(201).send(ok(policy));
  });

  const patchRoute = {
    ...editing,
    config: POLICY_ROUTE_CONFIG,
    schema: { params: policyIdParamsSchema, body: recordingPolicyPatchSchema, response: okResponse(recordingPolicySchema) },
  };
  app.patch('/recording-policies/:id', patchRoute, async (request, reply) => {
    const policy = await serviceOf(ctx).updatePolicy(request.params.id, request.body, actorOf(identityOf(request)));
    if (!policy) throw new HttpError(404, 'No such recording policy.');
    return reply.send(ok(policy));
  });

  const deleteRoute = {
    ...editing,
    config: POLICY_ROUTE_CONFIG,
    schema: { params: policyIdParamsSchema, response: okResponse(z.object({ deleted: z.literal(true) })) },
  };
  app.delete('/recording-policies/:id', deleteRoute, async (request, reply) => {
    if (!(await serviceOf(ctx).deletePolicy(request.params.id, actorOf(identityOf(request))))) throw new HttpError(404, 'No such recording policy.');
    return reply.send(ok({ deleted: true as const }));
  });
}
