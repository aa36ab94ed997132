import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { readinessSchema } from '../../src/contract/dashboard';
import { sendData } from '../reply';
import type { RouteContext } from './context';

/**
 * `/healthz`: the process answers. `/readyz`: each upstream's breaker. Readiness stays 200
 * when a vendor is down (status `degraded`): pulling every BFF out of a load balancer because
 * one vendor is failing would take the other vendors' rooms down too.
 */
export function registerHealthRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/healthz', async (_request, reply) =>
    sendData(reply, z.object({ status: z.literal('ok') }), { status: 'ok' }),
  );
  app.get('/readyz', async (_request, reply) => {
    const upstreams = ctx.providers.all().map((provider) => ({
      provider: provider.id,
      source: provider.info.source,
      breaker: provider.breakerState(),
    }));
    const status = upstreams.every((u) => u.breaker === 'closed') ? 'ready' : 'degraded';
    return sendData(reply, readinessSchema, { status, upstreams });
  });
}
