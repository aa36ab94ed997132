import type { FastifyInstance } from 'fastify';
import { identitySchema, providerListSchema } from '../../src/contract/dashboard';
import { identityOf } from '../auth/requestIdentity';
import { sendData } from '../reply';
import type { RouteContext } from './context';

/** `GET /api/me` and `GET /api/providers` (under the /api prefix): who you are, and what this BFF can show. */
export function registerIdentityRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/me', async (request, reply) =>
    sendData(reply, identitySchema, identityOf(request)),
  );
  app.get('/providers', async (_request, reply) =>
    sendData(
      reply,
      providerListSchema,
      // `listing`: how the watcher's last read of the vendor's room list went (null: it cannot list).
      ctx.providers.all().map((provider) => ({ ...provider.info, listing: ctx.history?.listingStatus(provider.id) ?? null })),
    ),
  );
}
