import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyCors from '@fastify/cors';

/** The ProCONF application-server routes: the only ones another origin (the ProCONF web client) may call. */
export function isProconfAppServerPath(request: FastifyRequest): boolean {
  const path = (request.raw.url ?? '').split('?')[0] ?? '';
  return path === '/callStatus' || path === '/callCatchUp' || path.startsWith('/callCatchUp/') || path.startsWith('/callSummary/');
}

/**
 * CORS for CORS_ORIGINS only, on the ProCONF routes only, GET with a bearer token only. No
 * credentials: a cross-origin page never gets to ride on the session cookie. With no origins
 * configured the plugin is not registered at all (and OPTIONS stays a plain 404).
 */
export async function registerCors(app: FastifyInstance, origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return;
  await app.register(fastifyCors, {
    delegator: (request, callback) => {
      callback(null, {
        origin: isProconfAppServerPath(request) ? [...origins] : false,
        methods: ['GET'],
        // Content-Type because some clients send it on GETs too; Retry-After and Age so the web
        // client can see when to retry and how stale an answer is.
        allowedHeaders: ['authorization', 'content-type'],
        exposedHeaders: ['retry-after', 'age'],
        credentials: false,
        maxAge: 600,
      });
    },
  });
}
