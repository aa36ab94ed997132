import type { ProviderId } from '../src/contract/ids';
import { PROCONF_MESSAGES } from '../src/contract/proconfAppServer';

/** An error whose status and message are safe to show a client as they are. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly publicMessage: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(publicMessage);
    this.name = 'HttpError';
  }
}

/**
 * How a vendor call failed, independent of vendor. Routes turn a kind into a status
 * (`/api`: 404/400/429/502/503/504; ProCONF routes: always 500); the vendor's own text
 * stays in `detail`, which is logged and never sent to a client.
 */
export type UpstreamFailureKind =
  | 'not_found' // the vendor says the call/room does not exist
  | 'bad_request' // the vendor rejected our parameters
  | 'rate_limited' // 429 or the vendor's rate-limit code; retryAfterMs when known
  | 'auth' // our credentials were refused: an operator problem, never the user's 401
  | 'unavailable' // connection refused/reset, 5xx, breaker open, bulkhead full
  | 'timeout' // no answer within the deadline
  | 'bad_answer'; // the answer did not parse or did not match the vendor schema

export class UpstreamError extends Error {
  constructor(
    readonly provider: ProviderId,
    readonly kind: UpstreamFailureKind,
    readonly detail: string,
    readonly options: { retryAfterMs?: number; status?: number; cause?: unknown } = {},
  ) {
    super(`${provider} upstream ${kind}: ${detail}`, { cause: options.cause });
    this.name = 'UpstreamError';
  }
}

export function isUpstreamError(err: unknown): err is UpstreamError {
  return err instanceof UpstreamError;
}

/** The `/api` mapping of an upstream failure. Messages are ours, never the vendor's. */
export function apiErrorForUpstream(err: UpstreamError): HttpError {
  switch (err.kind) {
    case 'not_found':
      return new HttpError(404, 'Not found');
    case 'bad_request':
      return new HttpError(400, 'Bad request');
    case 'rate_limited':
      return new HttpError(
        429,
        'Too many requests',
        Math.max(1, Math.ceil((err.options.retryAfterMs ?? 1000) / 1000)),
      );
    case 'timeout':
      return new HttpError(504, 'Upstream timed out');
    case 'bad_answer':
      return new HttpError(502, 'Upstream answered badly');
    case 'auth':
    case 'unavailable':
      return new HttpError(503, 'Upstream unavailable');
  }
}

const CLIENT_ERROR_MESSAGES: Record<number, string> = {
  400: 'Bad request',
  404: 'Not found',
  413: 'Payload too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
};

/**
 * Turns anything thrown in a dashboard or public route into the one error the client may see:
 * our own errors as they are, upstream failures by kind, Fastify's 4xx (a body that does not
 * parse, too large, wrong type) with our message, and anything else as 500.
 */
export function apiErrorFor(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (isUpstreamError(err)) return apiErrorForUpstream(err);
  const status = statusCodeOf(err);
  if (status !== undefined && status >= 400 && status < 500) return new HttpError(status, CLIENT_ERROR_MESSAGES[status] ?? 'Bad request');
  // The same text as ProCONF's 500, so every 500 of this server reads alike.
  return new HttpError(500, PROCONF_MESSAGES.internal);
}

/** The status Fastify (or one of its plugins) put on an error it threw, if any. */
export function statusCodeOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('statusCode' in err)) return undefined;
  return typeof err.statusCode === 'number' ? err.statusCode : undefined;
}
