import Fastify, { type FastifyInstance, type FastifyError } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import type { Config, RoomRef } from './config';
import { HttpError, isUpstreamError, apiErrorForUpstream } from './errors';
import type { FastifyBaseLogger } from 'fastify';
import { sendError } from './reply';
import { deferredRequestLogger } from './requestLogger';
import { registerEtags } from './etag';
import { createTokenVerifier } from './auth/verifier';
import { cacheVerifiedTokens } from './auth/verifiedTokenCache';
import { createTokenIssuer } from './auth/issuer';
import { requireIdentity } from './auth/guard';
import type { DemoSignIn } from './auth/demoSignIn';
import type { ProviderSet } from './providers/registry';
import type { RouteContext, RouteFamily } from './routes/context';
import { registerProconfAppServerRoutes } from './routes/proconfAppServer';
import { registerIdentityRoutes } from './routes/identity';
import { registerRoomRoutes } from './routes/rooms';
import { registerCallRoutes } from './routes/calls';
import { registerHealthRoutes } from './routes/health';
import { registerSignInRoutes } from './routes/signIn';
import { isSpaRoute, registerUi } from './routes/ui';
import { registerShareLinkRoutes } from './routes/shareLinks';
import { registerSessionExchangeRoutes } from './routes/sessionExchange';
import { registerSecurityHeaders } from './security/headers';
import { registerCors } from './security/cors';
import { registerRateLimit } from './security/rateLimit';
import { requireSameOriginJson } from './security/sameOrigin';
import { applyLimits, limitOptions } from './security/limits';
import { PROCONF_MESSAGES } from '../src/contract/proconfAppServer';

export interface AppDeps {
  providers: ProviderSet;
  /** HS256 key for tokens the BFF signs and verifies: AUTH_JWT_SECRET, or a random one. */
  localSecret: Uint8Array;
  demoSignIn?: DemoSignIn;
  /** Where the production UI build lives; omitted in API-only tests. */
  distDir?: string;
  /** The process logger (see logger.ts); providers log through the same one. */
  logger: FastifyBaseLogger;
  /** Rooms always on the overview: WATCH_ROOMS, or the simulator's calls of vendors that cannot list. */
  watchRooms?: RoomRef[];
}

/** Turns anything thrown in a route into the one error the client may see. */
export function toHttpError(err: unknown, family: RouteFamily): HttpError {
  if (family === 'proconf') {
    // ProCONF clients know four errors; everything behind the BFF is their 500.
    if (err instanceof HttpError && [400, 401, 403, 404, 429].includes(err.status)) return err;
    const status = (err as Partial<FastifyError> | undefined)?.statusCode;
    if (!(err instanceof HttpError) && !isUpstreamError(err) && status === 404) return new HttpError(404, PROCONF_MESSAGES.notFound);
    return new HttpError(500, PROCONF_MESSAGES.internal);
  }
  if (err instanceof HttpError) return err;
  if (isUpstreamError(err)) return apiErrorForUpstream(err);
  const status = (err as Partial<FastifyError> | undefined)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const messages: Record<number, string> = {
      400: 'Bad request',
      404: 'Not found',
      413: 'Payload too large',
      415: 'Unsupported media type',
      429: 'Too many requests',
    };
    return new HttpError(status, messages[status] ?? 'Bad request');
  }
  return new HttpError(500, PROCONF_MESSAGES.internal);
}

/** The BFF as a Fastify instance. It never listens: main.ts does, tests inject or listen on port 0. */
export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    // Each request's child logger is built on its first written line (requestLogger.ts).
    childLoggerFactory: deferredRequestLogger,
    // TRUST_PROXY=on: one reverse proxy in front. Trusting only the peer (hop 0) makes request.ip the
    // address that proxy appended, not a client-forged left-most X-Forwarded-For entry (which would
    // let anyone pick their own per-IP rate-limit bucket). A bare hop count fails closed in Fastify 5.
    trustProxy: config.trustProxy ? (_address: string, hop: number) => hop === 0 : false,
    // Headers, URLs and bodies past these sizes are refused before any route runs (security/limits.ts).
    routerOptions: { maxParamLength: 256 },
    ...limitOptions(config.security),
    keepAliveTimeout: 65_000,
    return503OnClosing: true,
  });
  app.decorateRequest('identity', null);
  app.decorateRequest('verification', null);
  await registerSecurityHeaders(app);
  applyLimits(app);
  await registerCors(app, config.security.corsOrigins);
  await app.register(fastifyCookie);
  registerEtags(app);

  const verifier = cacheVerifiedTokens(createTokenVerifier(config.auth, deps.localSecret));
  const ctx: RouteContext = {
    config,
    providers: deps.providers,
    issuer: createTokenIssuer(config.auth, deps.localSecret),
    demoSignIn: deps.demoSignIn,
    authenticate: requireIdentity(verifier),
    verifier,
    sameOriginJson: requireSameOriginJson(config),
    watchRooms: deps.watchRooms ?? [],
  };
  await registerRateLimit(app, config.security.rateLimit, verifier);

  app.setErrorHandler((err, request, reply) => {
    const family = request.routeOptions.config.family ?? 'api';
    const httpError = toHttpError(err, family);
    // Upstream failures were logged once by the upstream client; everything else unexpected is logged here.
    if (httpError.status >= 500 && !isUpstreamError(err)) request.log.error({ err }, 'request failed');
    return sendError(reply, httpError);
  });

  const hasUi = deps.distDir ? await registerUi(app, deps.distDir) : false;
  app.setNotFoundHandler((request, reply) => {
    if (hasUi && isSpaRoute(request)) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return sendError(reply, new HttpError(404, PROCONF_MESSAGES.notFound));
  });

  registerHealthRoutes(app, ctx);
  registerSignInRoutes(app, ctx);
  registerProconfAppServerRoutes(app, ctx);
  registerIdentityRoutes(app, ctx);
  registerRoomRoutes(app, ctx);
  registerCallRoutes(app, ctx);
  registerShareLinkRoutes(app, ctx);
  registerSessionExchangeRoutes(app, ctx);

  app.addHook('onClose', async () => {
    await deps.providers.close();
  });
  return app;
}
