import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * The production UI is a Vite build: external scripts and stylesheets from this origin and
 * fetches to this origin, nothing inline and nothing from elsewhere. Helmet's CSP defaults are
 * replaced (they allow https: styles and data: images, and add upgrade-insecure-requests, which
 * breaks a plain-http LAN deployment).
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Security headers on every answer: JSON, static files, the SPA fallback and 404s alike.
 * helmet's middleware is built once here; @fastify/helmet rebuilt it (CSP parsing included) on
 * every request, which the bench showed as a sizeable share of a cached poll's cost.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  const setHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
  app.addHook('onRequest', (request, reply, done) => {
    setHeaders(request.raw, reply.raw, (err?: unknown) => done(err instanceof Error ? err : undefined));
  });
}
