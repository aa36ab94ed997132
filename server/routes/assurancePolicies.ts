import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordingPolicyInputSchema, recordingPolicyPatchSchema, recordingPolicySchema } from '../../src/contract/assurance';
import { isModerator } from '../../src/contract/roomAccess';
import type { AssuranceService } from '../assurance/service';
import { identityOf } from '../auth/requestIdentity';
import { HttpError } from '../errors';
import { sendData } from '../reply';
import type { RouteContext } from './context';

type IdParams = { id: string };

function serviceOf(ctx: RouteContext): AssuranceService {
  if (!ctx.assurance) throw new HttpError(404, 'Recording policies need the room history, which is off on this server.');
  return ctx.assurance;
}

/** Policies match any room, so only a moderator of every room may see or change them. Returns the actor. */
function policyEditor(request: FastifyRequest): string {
  const identity = identityOf(request);
  if (!isModerator(identity)) throw new HttpError(403, 'Forbidden');
  if (identity.rooms !== null) throw new HttpError(403, 'Recording policies are for moderators of every room.');
  return identity.sub;
}

function policyId(request: FastifyRequest<{ Params: IdParams }>): string {
  const parsed = z.uuid().safeParse(request.params.id);
  if (!parsed.success) throw new HttpError(404, 'No such recording policy.');
  return parsed.data;
}

/** A body checked against its schema: the fields at fault are named, their values never echoed. */
function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.flatMap((issue) => (issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.join('.') || 'body'])))];
    throw new HttpError(400, `Bad recording policy: ${fields.slice(0, 5).join(', ')}.`);
  }
  return parsed.data;
}

/** `GET/POST/PATCH/DELETE /api/recording-policies[/:id]` (docs/assurance.md), moderators of every room. */
export function registerRecordingPolicyRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/recording-policies', async (request, reply) => {
    policyEditor(request);
    return sendData(reply, z.array(recordingPolicySchema), await serviceOf(ctx).listPolicies());
  });

  app.post('/recording-policies', { onRequest: ctx.sameOriginJson }, async (request, reply) => {
    const actor = policyEditor(request);
    const input = parseBody(recordingPolicyInputSchema, request.body);
    return sendData(reply.code(201), recordingPolicySchema, await serviceOf(ctx).createPolicy(input, actor));
  });

  app.patch<{ Params: IdParams }>('/recording-policies/:id', { onRequest: ctx.sameOriginJson }, async (request, reply) => {
    const actor = policyEditor(request);
    const id = policyId(request);
    const patch = parseBody(recordingPolicyPatchSchema, request.body);
    const policy = await serviceOf(ctx).updatePolicy(id, patch, actor);
    if (!policy) throw new HttpError(404, 'No such recording policy.');
    return sendData(reply, recordingPolicySchema, policy);
  });

  app.delete<{ Params: IdParams }>('/recording-policies/:id', { onRequest: ctx.sameOriginJson }, async (request, reply) => {
    const actor = policyEditor(request);
    if (!(await serviceOf(ctx).deletePolicy(policyId(request), actor))) throw new HttpError(404, 'No such recording policy.');
    return sendData(reply, z.object({ deleted: z.literal(true) }), { deleted: true });
  });
}
