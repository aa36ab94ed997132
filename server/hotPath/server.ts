import { createServer, type Server } from 'node:http';
import type { FastifyServerFactory } from 'fastify';
import type { LimitedServer } from '../security/limits';
import type { HotPath } from './callStatus';

/** The server settings Fastify would apply to a server it made itself (fastify/lib/server.js). */
export interface HotPathServerOptions extends LimitedServer {
  keepAliveTimeout: number;
}

/**
 * Fastify's `serverFactory`: the same node:http server Fastify would make, whose requests the
 * hot path sees first. `hotPath()` is read per request because the hot path is built after
 * Fastify (it needs the verifier and the rate limiter that Fastify's plugins set up); until
 * then, and for every request it does not take, Fastify's handler runs as if it were alone.
 */
export function hotPathServerFactory(options: HotPathServerOptions, hotPath: () => HotPath | undefined): FastifyServerFactory<Server> {
  return (handler) => {
    const server = createServer(options.http, (request, response) => {
      const hot = hotPath();
      if (!hot?.(request, response, () => handler(request, response))) handler(request, response);
    });
    server.keepAliveTimeout = options.keepAliveTimeout;
    server.requestTimeout = options.requestTimeout;
    server.setTimeout(options.connectionTimeout);
    return server;
  };
}
