import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyRateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit';
import type { SecurityConfig } from '../config';
import { HttpError } from '../errors';
import { verificationOf } from '../auth/requestIdentity';
import type { TokenVerifier, VerifiedToken } from '../auth/verifier';

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
 * Fixed one-minute windows: in memory for one BFF process; with several (REDIS_URL) `store`
 * counts in Redis, so one user's limit is one limit across instances, and per instance while
 * Redis is away (server/coordination/rateLimitStore.ts). Must be registered before the routes it covers. Over the limit: 429 in the
 * envelope with Retry-After, through the app's error handler (ProCONF routes pass 429 as is).
 */
export async function registerRateLimit(
  app: FastifyInstance,
  limits: SecurityConfig['rateLimit'],
  verifier: TokenVerifier,
  store: Pick<RateLimitPluginOptions, 'store' | 'skipOnError'> = {},
): Promise<void> {
  const { userPerMinute, ipPerMinute } = limits;
  if (userPerMinute === 0 && ipPerMinute === 0) return;
  await app.register(fastifyRateLimit, {
    ...store,
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
}
