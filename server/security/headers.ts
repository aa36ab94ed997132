import { IncomingMessage, ServerResponse, type OutgoingHttpHeaders } from 'node:http';
import { Socket } from 'node:net';
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
 * The headers helmet would set, computed once: with no CSP nonces they never vary per request,
 * so running helmet's middleware against one response up front gives exactly its output.
 */
export function helmetHeaders(): OutgoingHttpHeaders {
  const setHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
  const request = new IncomingMessage(new Socket());
  const response = new ServerResponse(request);
  setHeaders(request, response, () => undefined);
  return response.getHeaders();
}

/**
 * Security headers on every answer: JSON, static files, the SPA fallback and 404s alike.
 * @fastify/helmet rebuilt helmet's middleware (CSP parsing included) on every request and each
 * middleware set its headers one by one; on a cached poll that was a sizeable share of the cost
 * (see the bench), so the finished set is handed to Fastify in one go.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  const headers = helmetHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}
