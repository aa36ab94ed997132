import type { Socket } from 'node:net';
import type { Server, ServerOptions } from 'node:http';
import type { FastifyHttpOptions, FastifyInstance } from 'fastify';
import type { SecurityConfig } from '../config';
import { HttpError } from '../errors';
import { sendError } from '../reply';
import { errorEnvelope } from '../../src/contract/envelope';
import { EVERY_ANSWER_HEADERS } from './headers';

/** Longest request target accepted; room names are at most 128 characters, tokens go in headers. */
export const MAX_URL_LENGTH = 2048;
/** All request headers together (Node's own limit, also its default): room for an 8 KiB token. */
export const MAX_HEADER_BYTES = 16 * 1024;
export const MAX_HEADERS_COUNT = 100;
/** Every JSON body we take is tiny: a share-link request or one token. */
export const BODY_LIMIT_BYTES = 16 * 1024;

/**
 * Answers what Node's HTTP parser refuses before Fastify sees a request (headers too large,
 * headers or body too slow, malformed request) in the envelope, then drops the connection.
 */
function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, status, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'Request headers too large']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'Request timeout']
        : [400, 'Bad Request', 'Bad request'];
  const body = JSON.stringify(errorEnvelope(code, message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${code} ${status}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** The node:http server's own caps, whoever makes the server. */
export interface LimitedServer {
  http: ServerOptions;
  requestTimeout: number;
  connectionTimeout: number;
}

/**
 * Fastify server options that cap sizes and time. headersTimeout stops a client that trickles
 * its headers (slowloris); requestTimeout bounds the whole request including the body;
 * connectionTimeout closes idle sockets. Node checks the first two every checking interval,
 * so the interval is kept well under them.
 */
export function limitOptions(security: SecurityConfig): FastifyHttpOptions<Server> & { server: LimitedServer } {
  const { headersTimeoutMs, requestTimeoutMs } = security;
  const server: LimitedServer = {
    requestTimeout: requestTimeoutMs,
    connectionTimeout: 60_000,
    http: {
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(headersTimeoutMs / 2))),
    },
  };
  return {
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout: server.requestTimeout,
    connectionTimeout: server.connectionTimeout,
    http: server.http,
    // The same settings, for a server made outside Fastify (server/hotPath/server.ts).
    server,
    clientErrorHandler,
    // A URL the router cannot decode (`/%`) or a path parameter over maxParamLength: Fastify would
    // answer in its own shape, before any hook runs; answer in the envelope instead.
    frameworkErrors: (_error, _request, reply) => {
      void reply.headers(EVERY_ANSWER_HEADERS);
      return sendError(reply, new HttpError(400, 'Bad request'));
    },
  };
}

/**
 * Applies what the options cannot: the URL length cap and the header count, and makes
 * `application/json` the only body type (an empty JSON body reads as no body, for sign-out);
 * any other type is 415 from Fastify before a handler runs.
 */
export function applyLimits(app: FastifyInstance): void {
  app.server.maxHeadersCount = MAX_HEADERS_COUNT;
  // A callback hook, not an async one: no promise per request for a length comparison.
  app.addHook('onRequest', (request, reply, done) => {
    if ((request.raw.url ?? '').length > MAX_URL_LENGTH) {
      void sendError(reply, new HttpError(414, 'URI too long'));
      return;
    }
    done();
  });
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') return done(null, undefined);
    defaultJson(request, text, done);
  });
}
