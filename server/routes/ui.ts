import { existsSync } from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

/** The client-side routes that must answer with index.html (deep links, reloads). */
const SPA_ROUTES = [
  /^\/$/,
  /^\/signin$/,
  /^\/rooms\/[^/]+(\/[^/]+)?$/,
  /^\/catch-up\/[^/]+\/[^/]+$/,
  /^\/alerts$/,
  /^\/assurance$/,
  /^\/calls$/,
  /^\/calls\/[^/]+\/[^/]+\/report$/,
];

export function isSpaRoute(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = (request.raw.url ?? '/').split('?')[0] ?? '/';
  return SPA_ROUTES.some((pattern) => pattern.test(path));
}

/**
 * Serves the production build (dist/) when there is one. Hashed assets are immutable; the
 * HTML is always revalidated so a deploy is picked up on the next load.
 */
export async function registerUi(app: FastifyInstance, distDir: string): Promise<boolean> {
  if (!existsSync(distDir)) return false;
  await app.register(fastifyStatic, {
    root: distDir,
    wildcard: false,
    index: false,
    setHeaders(res, filePath) {
      res.setHeader(
        'cache-control',
        filePath.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  return true;
}
