import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { identitySchema, providerListSchema } from '../../src/contract/dashboard';
import { identityOf } from '../auth/requestIdentity';
import { ok } from '../reply';
import type { RouteContext } from './context';
import { okResponse } from './schemas';

/** `GET /api/me` and `GET /api/providers` (under the /api prefix): who you are, and what this BFF can show. */
export function registerIdentityRoutes(api: FastifyInstance, ctx: RouteContext): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  app.get('/me', { schema: { response: okResponse(identitySchema) } }, async (request, reply) => reply.send(ok(identityOf(request))));
  app.get('/providers', { schema: { response: okResponse(providerListSchema) } }, async (_request, reply) =>
    // `listing`: how the watcher's last read of the vendor's room list went (null: it cannot list).
    reply.send(ok(ctx.providers.all().map((provider) => ({ ...provider.info, listing: ctx.history?.listingStatus(provider.id) ?? null })))),
  );
}
