import type { FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { HttpError } from '../errors';

/** This server's own origins: PUBLIC_URL's, and the one the request was addressed to. */
export function ownOrigins(config: Pick<Config, 'publicUrl'>, request: FastifyRequest): string[] {
  // request.host/protocol follow X-Forwarded-* only with TRUST_PROXY; otherwise the Host header,
  // which a browser sets to the site it is talking to, so another site's page never matches it.
  const own = `${request.protocol}://${request.host}`;
  return config.publicUrl ? [new URL(config.publicUrl).origin, own] : [own];
}

export function isJsonContentType(value: string | undefined): boolean {
  return (value ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/**
 * An onRequest hook for every state-changing route (share links, session exchange, sign-out).
 * A browser names the page that sent a request in Origin and Sec-Fetch-Site; another site's
 * page is refused (403). Requiring `application/json` means a plain HTML form can never make
 * the request, and a cross-origin fetch with that type needs a CORS preflight we never grant.
 * Clients that send neither header (curl, the ProCONF apps) are not browsers and carry no
 * ambient cookie risk, so the headers are checked when present.
 */
export function requireSameOriginJson(config: Pick<Config, 'publicUrl'>) {
  return async (request: FastifyRequest): Promise<void> => {
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') throw new HttpError(403, 'Forbidden');
    const origin = request.headers.origin;
    if (origin !== undefined && !ownOrigins(config, request).includes(origin)) throw new HttpError(403, 'Forbidden');
    if (!isJsonContentType(request.headers['content-type'])) throw new HttpError(415, 'Unsupported media type');
  };
}
