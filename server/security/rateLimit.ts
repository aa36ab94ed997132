import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyRateLimit, { type FastifyRateLimitStore } from '@fastify/rate-limit';
import type { SecurityConfig } from '../config';
import { HttpError } from '../errors';
import { verificationOf } from '../auth/requestIdentity';
import type { TokenVerifier, VerifiedToken } from '../auth/verifier';
import { LocalRateLimitStore, type RateLimitStoreOptions } from './rateWindows';

export const RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * Who a request counts against: the verified `sub` when it carries a valid token (so one user's
 * flood never limits another user behind the same NAT), else the client address. A forged or
 * expired token counts against the address, like no token at all.
 */
export function rateLimitKey(request: FastifyRequest, verifier: TokenVerifier): string | Promise<string> {
  const verification = verificationOf(request, verifier);
  return verification instanceof Promise ? verification.then((verified) => keyFor(request, verified)) : keyFor(request, verification);
}

function keyFor(request: FastifyRequest, verified: VerifiedToken | null): string {
  return verified ? `sub:${verified.identity.sub}` : `ip:${request.ip}`;
}

/**
 * Counts a signed-in user's request in the same window the plugin counts in, for a path that
 * answers without Fastify (server/hotPath). `then(true)`: within the limit; `then(false)`: over
 * it, or the store failed: the request must go through Fastify, which answers the 429 (or,
 * with `skipOnError`, lets it through) exactly as for any other request.
 */
export interface RateLimitGate {
  admitUser(sub: string, then: (within: boolean) => void): void;
}

/**
 * Fixed one-minute windows: in memory for one BFF process; with several (REDIS_URL) `store`
 * counts in Redis, so one user's limit is one limit across instances, and per instance while
 * Redis is away (server/coordination/rateLimitStore.ts). Must be registered before the routes it covers. Over the limit: 429 in the
 * envelope with Retry-After, through the app's error handler (ProCONF routes pass 429 as is).
 */
export async function registerRateLimit(
  app: FastifyInstance,
  limits: SecurityConfig['rateLimit'],
  verifier: TokenVerifier,
  options: RateLimitStoreOptions = {},
): Promise<RateLimitGate | undefined> {
  const { userPerMinute, ipPerMinute } = limits;
  if (userPerMinute === 0 && ipPerMinute === 0) return undefined;
  // One store for the plugin and the gate: the plugin builds whatever class it is given, so it
  // gets one that counts in this instance.
  const counted = new (options.store ?? LocalRateLimitStore)();
  class Counted implements FastifyRateLimitStore {
    incr(key: string, callback: Parameters<FastifyRateLimitStore['incr']>[1], timeWindow?: number): void {
      counted.incr(key, callback, timeWindow);
    }
    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      return counted.child(routeOptions);
    }
  }
  await app.register(fastifyRateLimit, {
    ...(options.skipOnError === undefined ? {} : { skipOnError: options.skipOnError }),
    store: Counted,
    global: true,
    timeWindow: RATE_LIMIT_WINDOW_MS,
    keyGenerator: (request) => rateLimitKey(request, verifier),
    // A number when both limits agree: the plugin then does not await a function per request.
    max: userPerMinute === ipPerMinute ? userPerMinute : (_request, key) => (key.startsWith('sub:') ? userPerMinute : ipPerMinute),
    // A limit set to 0 is off. Only then is there an allow list to ask (on every request).
    ...(userPerMinute === 0 || ipPerMinute === 0
      ? { allowList: (_request: FastifyRequest, key: string) => (key.startsWith('sub:') ? userPerMinute === 0 : ipPerMinute === 0) }
      : {}),
    // The budget headers go only on the 429 (with Retry-After): a dashboard polling every 2 s
    // never reads them, and they were three more headers on every poll.
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'Too many requests', Math.max(1, Math.ceil(context.ttl / 1000))),
  });
  return {
    admitUser(sub, then) {
      // A user limit of 0 is off (the plugin's allow list).
      if (userPerMinute === 0) return then(true);
      counted.incr(`sub:${sub}`, (error, result) => then(!error && result !== undefined && result.current <= userPerMinute), RATE_LIMIT_WINDOW_MS);
    },
  };
}
