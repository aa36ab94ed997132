import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readinessSchema, type historyReadinessSchema } from '../../src/contract/dashboard';
import { ok } from '../reply';
import type { RouteContext } from './context';
import { okResponse } from './schemas';

type HistoryReadiness = z.infer<typeof historyReadinessSchema>;

/**
 * `/healthz`: the process answers. `/readyz`: each upstream's breaker, the history store and
 * Redis (a Redis outage is `degraded`: each instance then coordinates alone, still serving) and the
 * identity provider's discovery (sessions and bearer tokens still work while it is down). Readiness stays 200
 * when a vendor is down (status `degraded`): pulling every BFF out of a load balancer because
 * one vendor is failing would take the other vendors' rooms down too.
 */
export function registerHealthRoutes(site: FastifyInstance, ctx: RouteContext): void {
  const app = site.withTypeProvider<ZodTypeProvider>();
  app.get('/healthz', { schema: { response: okResponse(z.object({ status: z.literal('ok') })) } }, async (_request, reply) =>
    reply.send(ok({ status: 'ok' as const })),
  );
  app.get('/readyz', { schema: { response: okResponse(readinessSchema) } }, async (_request, reply) => {
    const upstreams = ctx.providers.all().map((provider) => ({
      provider: provider.id,
      source: provider.info.source,
      breaker: provider.breakerState(),
    }));
    const history = await historyReadiness(ctx);
    const redis = ctx.redisStatus();
    const identityProvider = ctx.oidc?.status() ?? 'off';
    const healthy =
      upstreams.every((u) => u.breaker === 'closed') &&
      history.store !== 'degraded' &&
      history.overCapacity === 0 &&
      redis !== 'degraded' &&
      identityProvider !== 'degraded';
    return reply.send(ok({ status: healthy ? ('ready' as const) : ('degraded' as const), history, redis, identityProvider, upstreams }));
  });
}

/**
 * A store that does not answer or refused the watcher's last write of some room, or rooms the
 * watcher had to let go, make the process `degraded`.
 */
async function historyReadiness(ctx: RouteContext): Promise<HistoryReadiness> {
  if (!ctx.history) return { store: 'off', watching: 0, maxRooms: 0, overCapacity: 0 };
  const watch = ctx.history.watcher.status();
  const answers = await ctx.history.store.ping().catch(() => false);
  return {
    store: answers && watch.unwrittenRooms === 0 ? 'ok' : 'degraded',
    watching: watch.watching,
    maxRooms: watch.maxRooms,
    overCapacity: watch.droppedForCapacity + watch.refusedForCapacity,
  };
}
