import type { FastifyInstance } from 'fastify';
import { identitySchema, providerListSchema } from '../../src/contract/dashboard';
import { identityOf } from '../auth/guard';
import { sendData } from '../reply';
import type { RouteContext } from './context';

/** `GET /api/me` and `GET /api/providers`: who you are, and what this BFF can show. */
export function registerIdentityRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/me', { config: { family: 'api' }, preHandler: ctx.authenticate }, async (request, reply) =>
    sendData(reply, identitySchema, identityOf(request)),
  );
  app.get('/api/providers', { config: { family: 'api' }, preHandler: ctx.authenticate }, async (_request, reply) =>
    sendData(
      reply,
      providerListSchema,
      ctx.providers.all().map((provider) => provider.info),
    ),
  );
}
