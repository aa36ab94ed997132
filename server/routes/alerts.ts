import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  alertDeliverySchema,
  alertListSchema,
  alertRuleInputSchema,
  alertRuleListSchema,
  alertRulePatchSchema,
  alertRuleSchema,
  alertStateFilterSchema,
} from '../../src/contract/alerts';
import { canReadRoom, isModerator } from '../../src/contract/roomAccess';
import { AlertRuleError, type AlertService } from '../alerts/service';
import { identityOf } from '../auth/requestIdentity';
import { actorOf } from '../audit/auditLog';
import { HttpError } from '../errors';
import { sendData } from '../reply';
import type { RouteContext } from './context';

const ruleIdSchema = z.uuid();
const alertsQuerySchema = z.object({ state: alertStateFilterSchema.default('open') }).strict();
type IdParams = { id: string };

function serviceOf(ctx: RouteContext): AlertService {
  if (!ctx.alerts) throw new HttpError(404, 'Alerts need the room history, which is off on this server.');
  return ctx.alerts;
}

/** Rules match any room, so only a moderator of every room may see or change them. */
function ruleEditor(request: FastifyRequest): void {
  const identity = identityOf(request);
  if (!isModerator(identity)) throw new HttpError(403, 'Forbidden');
  if (identity.rooms !== null) throw new HttpError(403, 'Alert rules are for moderators of every room.');
}

function ruleId(request: FastifyRequest<{ Params: IdParams }>): string {
  const parsed = ruleIdSchema.safeParse(request.params.id);
  if (!parsed.success) throw new HttpError(404, 'No such alert rule.');
  return parsed.data;
}

/** A body checked against its schema: the fields at fault are named, their values never echoed. */
function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.flatMap((issue) => (issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.join('.') || 'body'])))];
    throw new HttpError(400, `Bad alert rule: ${fields.slice(0, 5).join(', ')}.`);
  }
  return parsed.data;
}

async function ruleCall<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AlertRuleError) throw new HttpError(400, error.publicMessage);
    throw error;
  }
}

/** Alert rules and alerts (docs/alerts.md), under /api, for moderators. */
export function registerAlertRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/alert-rules', async (request, reply) => {
    ruleEditor(request);
    return sendData(reply, alertRuleListSchema, await serviceOf(ctx).listRules());
  });

  app.post('/alert-rules', { onRequest: ctx.sameOriginJson }, async (request, reply) => {
    ruleEditor(request);
    const input = parseBody(alertRuleInputSchema, request.body);
    const rule = await ruleCall(() => serviceOf(ctx).createRule(input));
    await ctx.audit?.record({ actor: actorOf(identityOf(request)), action: 'alert_rule.created', target: { type: 'alert_rule', id: rule.id }, details: { name: rule.name } });
    return sendData(reply.code(201), alertRuleSchema, rule);
  });

  app.patch<{ Params: IdParams }>('/alert-rules/:id', { onRequest: ctx.sameOriginJson }, async (request, reply) => {
    ruleEditor(request);
    const id = ruleId(request);
    const patch = parseBody(alertRulePatchSchema, request.body);
    const rule = await ruleCall(() => serviceOf(ctx).updateRule(id, patch));
    if (!rule) throw new HttpError(404, 'No such alert rule.');
    await ctx.audit?.record({ actor: actorOf(identityOf(request)), action: 'alert_rule.updated', target: { type: 'alert_rule', id }, details: { name: rule.name, changed: Object.keys(patch) } });
    return sendData(reply, alertRuleSchema, rule);
  });

  app.delete<{ Params: IdParams }>('/alert-rules/:id', { onRequest: ctx.sameOriginJson }, async (request, reply) => {
    ruleEditor(request);
    const id = ruleId(request);
    if (!(await serviceOf(ctx).deleteRule(id))) throw new HttpError(404, 'No such alert rule.');
    await ctx.audit?.record({ actor: actorOf(identityOf(request)), action: 'alert_rule.deleted', target: { type: 'alert_rule', id } });
    return sendData(reply, z.object({ deleted: z.literal(true) }), { deleted: true });
  });

  app.post<{ Params: IdParams }>('/alert-rules/:id/test', { onRequest: ctx.sameOriginJson }, async (request, reply) => {
    ruleEditor(request);
    const id = ruleId(request);
    const deliveries = await serviceOf(ctx).sendTest(id);
    if (!deliveries) throw new HttpError(404, 'No such alert rule.');
    await ctx.audit?.record({ actor: actorOf(identityOf(request)), action: 'alert_rule.tested', target: { type: 'alert_rule', id }, details: { deliveries: deliveries.length } });
    return sendData(reply, z.array(alertDeliverySchema), deliveries);
  });

  app.get('/alerts', async (request, reply) => {
    const identity = identityOf(request);
    if (!isModerator(identity)) throw new HttpError(403, 'Forbidden');
    const query = alertsQuerySchema.safeParse(request.query);
    if (!query.success) throw new HttpError(400, 'Bad query parameter: state (open, resolved or all).');
    const alerts = await serviceOf(ctx).listAlerts(query.data.state);
    return sendData(reply, alertListSchema, alerts.filter((alert) => canReadRoom(identity, alert)));
  });
}
