import { IncomingMessage, ServerResponse, type OutgoingHttpHeaders } from 'node:http';
import { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
 * What protects any answer, whatever its body: a browser must not sniff JSON (or an error) into
 * script or HTML, and no URL leaks through Referer. Set on every answer, JSON and errors included.
 */
export const EVERY_ANSWER_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * The rest of helmet's set (CSP, framing, opener and embedding policies, HSTS...) governs what a
 * document may do, so it goes on documents only (HTML, and SVG or XML a browser would render as
 * one). On a JSON poll those ~900 bytes of headers were a sizeable share of the cost of a cached
 * answer (`npm run bench -- throughput`), and a browser ignores them there.
 */
export function documentHeaders(): OutgoingHttpHeaders {
  const headers = { ...helmetHeaders() };
  for (const name of Object.keys(EVERY_ANSWER_HEADERS)) delete headers[name];
  return headers;
}

/** Types a browser renders as a document when navigated to, and so can run script in: HTML, XHTML, SVG, XML. */
const DOCUMENT_TYPE = /^(?:text\/html|application\/xhtml\+xml|image\/svg\+xml|(?:text|application)\/xml)\s*(?:;|$)/i;

export function isDocumentType(type: unknown): boolean {
  return typeof type === 'string' && DOCUMENT_TYPE.test(type);
}

/** Another onSend step that runs in the same hook, after the headers are set (app.ts: the ETag). */
export type OnSendStep = (request: FastifyRequest, reply: FastifyReply, payload: unknown) => unknown;

/**
 * nosniff and no-referrer on every answer sent through Fastify (early hooks' 429 and 414 included:
 * those go through onSend too), the document headers on documents. One onSend hook, because that
 * is where the answer's type is known, and a hook fewer per request than setting the first pair
 * on arrival; `then` (the ETag) runs inside it for the same reason. The sets are computed once:
 * with no CSP nonces they never vary.
 */
export async function registerSecurityHeaders(app: FastifyInstance, then?: OnSendStep): Promise<void> {
  const forDocuments = documentHeaders();
  app.addHook('onSend', (request, reply, payload, done) => {
    void reply.headers(EVERY_ANSWER_HEADERS);
    if (isDocumentType(reply.getHeader('content-type'))) void reply.headers(forDocuments);
    done(null, then ? then(request, reply, payload) : payload);
  });
}
