import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
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
import { envelopeSchema } from '../../src/contract/envelope';
import { canReadRoom } from '../../src/contract/roomAccess';
import { AlertRuleError, type AlertService } from '../alerts/service';
import { identityOf } from '../auth/requestIdentity';
import { actorOf } from '../audit/auditLog';
import { HttpError } from '../errors';
import { ok } from '../reply';
import type { RouteContext } from './context';
import { moderatorOfEveryRoom, moderatorOnly } from './guards';
import { okResponse } from './schemas';

const ruleIdParamsSchema = z.object({ id: z.uuid() });
/** An id that cannot be a rule id names no rule: the same 404 as an unknown one. */
const RULE_ROUTE_CONFIG = { notFoundParams: { id: 'No such alert rule.' } };
const alertsQuerySchema = z.object({ state: alertStateFilterSchema.default('open') }).strict();

function serviceOf(ctx: RouteContext): AlertService {
  if (!ctx.alerts) throw new HttpError(404, 'Alerts need the room history, which is off on this server.');
  return ctx.alerts;
}

const ruleEditor = moderatorOfEveryRoom('Alert rules');


async function ruleCall<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AlertRuleError) throw new HttpError(400, error.publicMessage);
    throw error;
  }
}

/** Alert rules and alerts (docs/alerts.md), under /api, for moderators. */
export function registerAlertRoutes(api: FastifyInstance, ctx: RouteContext): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const editing = { onRequest: ctx.sameOriginJson, preValidation: ruleEditor };

  app.get('/alert-rules', { preValidation: ruleEditor, schema: { response: okResponse(alertRuleListSchema) } }, async (_request, reply) =>
    reply.send(ok(await serviceOf(ctx).listRules())),
  );

  const createRoute = { ...editing, schema: { body: alertRuleInputSchema, response: { 201: envelopeSchema(alertRuleSchema) } } };
  app.post('/alert-rules', createRoute, async (request, reply) => {
    const rule = await ruleCall(() => serviceOf(ctx).createRule(request.body));
    await ctx.audit?.record({ actor: actorOf(identityOf(request)), action: 'alert_rule.created', target: { type: 'alert_rule', id: rule.id }, details: { name: rule.name } });
    return reply.code(201).send(ok(rule));
  });

  const patchRoute = {
    ...editing,
    config: RULE_ROUTE_CONFIG,
    schema: { params: ruleIdParamsSchema, body: alertRulePatchSchema, response: okResponse(alertRuleSchema) },
  };
  app.patch('/alert-rules/:id', patchRoute, async (request, reply) => {
    const rule = await ruleCall(() => serviceOf(ctx).updateRule(request.params.id, request.body));
    if (!rule) throw new HttpError(404, 'No such alert rule.');
    await ctx.audit?.record({
      actor: actorOf(identityOf(request)),
      action: 'alert_rule.updated',
      target: { type: 'alert_rule', id: rule.id },
      details: { name: rule.name, changed: Object.keys(request.body) },
    });
    return reply.send(ok(rule));
  });

  const deleteRoute = {
    ...editing,
    config: RULE_ROUTE_CONFIG,
    schema: { params: ruleIdParamsSchema, response: okResponse(z.object({ deleted: z.literal(true) })) },
  };
  app.delete('/alert-rules/:id', deleteRoute, async (request, reply) => {
    if (!(await serviceOf(ctx).deleteRule(request.params.id))) throw new HttpError(404, 'No such alert rule.');
    await ctx.audit?.record({ actor: actorOf(identityOf(request)), action: 'alert_rule.deleted', target: { type: 'alert_rule', id: request.params.id } });
    return reply.send(ok({ deleted: true as const }));
  });

  const testRoute = {
    ...editing,
    config: RULE_ROUTE_CONFIG,
    schema: { params: ruleIdParamsSchema, response: okResponse(z.array(alertDeliverySchema)) },
  };
  app.post('/alert-rules/:id/test', testRoute, async (request, reply) => {
    const deliveries = await serviceOf(ctx).sendTest(request.params.id);
    if (!deliveries) throw new HttpError(404, 'No such alert rule.');
    await ctx.audit?.record({
      actor: actorOf(identityOf(request)),
      action: 'alert_rule.tested',
      target: { type: 'alert_rule', id: request.params.id },
      details: { deliveries: deliveries.length },
    });
    return reply.send(ok(deliveries));
  });

  const alertsRoute = { preValidation: moderatorOnly, schema: { querystring: alertsQuerySchema, response: okResponse(alertListSchema) } };
  app.get('/alerts', alertsRoute, async (request, reply) => {
    const identity = identityOf(request);
    const alerts = await serviceOf(ctx).listAlerts(request.query.state);
    return reply.send(ok(alerts.filter((alert) => canReadRoom(identity, alert))));
  });
}
