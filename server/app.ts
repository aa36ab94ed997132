import Fastify, { LogController, type FastifyInstance, type FastifyBaseLogger } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import type { Config } from './config';
import { apiErrorFor, HttpError } from './errors';
import { sendError } from './reply';
import { deferredRequestLogger, writesRequestLines } from './requestLogger';
import { tagJsonAnswer } from './etag';
import { createTokenVerifier } from './auth/verifier';
import { cacheVerifiedTokens } from './auth/verifiedTokenCache';
import { createTokenIssuer } from './auth/issuer';
import { decorateRequestIdentity } from './auth/requestIdentity';
import { refuseRevokedLinks } from './auth/revokedLinks';
import { ShareLinks } from './auth/shareLinks';
import { shareLinkRepository } from './auth/shareLinkRepository';
import { MemoryShareLinkStore, type ShareLinkStore } from './auth/shareLinkStore';
import { LocalShareRevocations, type ShareRevocations } from './auth/shareRevocations';
import type { DemoSignIn } from './auth/demoSignIn';
import type { ProviderSet } from './providers/registry';
import type { RouteContext } from './routes/context';
import { apiRoutes } from './routes/api';
import { errorHandlerFor } from './routes/errorHandler';
import { envelopeSerializerCompiler, zodValidatorCompiler } from './routes/validation';
import { proconfAppServerRoutes } from './routes/proconfAppServer';
import { publicRoutes } from './routes/public';
import { hookRoutes } from './routes/hooks';
import type { PushWiring } from './push/wiring';
import { isSpaRoute, registerUi } from './routes/ui';
import { registerSecurityHeaders } from './security/headers';
import { registerCors } from './security/cors';
import { registerRateLimit } from './security/rateLimit';
import { requireSameOriginJson } from './security/sameOrigin';
import { applyLimits, limitOptions } from './security/limits';
import type { RoomRef } from '../src/contract/roomAccess';
import type { HistoryRuntime } from './watch/historyRuntime';
import type { AlertService } from './alerts/service';
import type { Coordination } from './coordination/coordination';
import type { OidcClient } from './auth/oidc/client';
import type { AuditService } from './audit/service';
import type { MetricsRecorder } from './metrics/recorder';
import { loadEvidenceKeys, type EvidenceKeys } from './evidence/keys';
import type { AssuranceService } from './assurance/service';
import { evidenceKeyRoutes } from './routes/evidence';
import { createCallStatusAnswers } from './routes/callStatusAnswers';
import { callStatusHotPath, type HotPath } from './hotPath/callStatus';
import { hotPathServerFactory } from './hotPath/server';

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
  watchRooms?: readonly RoomRef[];
  /** The room history (store and watcher); absent with HISTORY=off. */
  history?: HistoryRuntime;
  /**
   * Revoked share links as every request checks them: in-process by default; several instances
   * pass the Redis-backed set (server/coordination/revocations.ts); this interface is auth/shareRevocations.ts.
   */
  shareRevocations?: ShareRevocations;
  /** Where links and revocations are kept; by default the history's database, or memory with HISTORY=off. */
  shareLinkStore?: ShareLinkStore;
  /** Alert rules, episodes and deliveries; absent with HISTORY=off. */
  alerts?: AlertService;
  /** Vendor webhooks (server/push): receivers and the apply path; absent without webhook secrets. */
  push?: PushWiring;
  /** Several instances (REDIS_URL): shared rate limits and /readyz's redis field. Absent: one process. */
  coordination?: Coordination;
  /** Sign-in with the team's identity provider (OIDC_ISSUER); started and closed by the caller. */
  oidc?: OidcClient;
  /** The audit log; absent without a store. */
  audit?: AuditService;
  /** METRICS_PORT set: what requests are counted into (the listener itself is start.ts's). Absent: nothing is counted. */
  metrics?: MetricsRecorder;
  /** Evidence signing keys; by default EVIDENCE_SIGNING_KEY or the key kept in DATA_DIR (with history on). */
  evidence?: EvidenceKeys;
  /** Recording policies and governance (§15); absent: every call is ungoverned. */
  assurance?: AssuranceService;
  /**
   * false: every request goes through Fastify, none through the hot path (server/hotPath). For
   * tests that compare the two; production always runs with it.
   */
  hotPath?: boolean;
}

/** The BFF as a Fastify instance. It never listens: main.ts does, tests inject or listen on port 0. */
export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const { server: limitedServer, ...limits } = limitOptions(config.security);
  const KEEP_ALIVE_MS = 65_000;
  // Set once the verifier and the rate limiter exist (below); until then Fastify answers everything.
  let hotPath: HotPath | undefined;
  const app = Fastify({
    loggerInstance: deps.logger,
    // Each request's child logger is built on its first written line (requestLogger.ts).
    childLoggerFactory: deferredRequestLogger,
    // Above info the request lines are never written: Fastify then does not prepare them per request.
    logController: new LogController({ disableRequestLogging: !writesRequestLines(deps.logger) }),
    // TRUST_PROXY=on: one reverse proxy in front. Trusting only the peer (hop 0) makes request.ip the
    // address that proxy appended, not a client-forged left-most X-Forwarded-For entry (which would
    // let anyone pick their own per-IP rate-limit bucket). A bare hop count fails closed in Fastify 5.
    trustProxy: config.trustProxy ? (_address: string, hop: number) => hop === 0 : false,
    // Headers, URLs and bodies past these sizes are refused before any route runs (security/limits.ts).
    routerOptions: { maxParamLength: 256 },
    ...limits,
    keepAliveTimeout: KEEP_ALIVE_MS,
    return503OnClosing: true,
    ...(deps.hotPath === false
      ? {}
      : { serverFactory: hotPathServerFactory({ ...limitedServer, keepAliveTimeout: KEEP_ALIVE_MS }, () => hotPath) }),
  });
  decorateRequestIdentity(app);
  const metrics = deps.metrics;
  // By route pattern, never the raw URL (bounded label values); unmatched paths share one label.
  if (metrics) {
    app.addHook('onResponse', (request, reply, done) => {
      metrics.httpRequest(request.routeOptions.url ?? 'unmatched', reply.statusCode);
      done();
    });
  }
  // Routes declare their input and output as zod schemas (routes/schemas.ts, routes/validation.ts).
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(envelopeSerializerCompiler);
  // One onSend hook for the security headers and the ETag: a hook is a cost on every poll.
  await registerSecurityHeaders(app, tagJsonAnswer);
  applyLimits(app);
  await registerCors(app, config.security.corsOrigins);
  // No per-request hooks: only the session cookie is read (auth/session.ts) and written (auth/cookie.ts).
  await app.register(fastifyCookie, { hook: false });

  const shareLinks = new ShareLinks(
    deps.shareLinkStore ?? (deps.history ? shareLinkRepository(deps.history.database) : new MemoryShareLinkStore()),
    deps.shareRevocations ?? new LocalShareRevocations(),
  );
  await shareLinks.load();
  const verifier = refuseRevokedLinks(cacheVerifiedTokens(createTokenVerifier(config.auth, deps.localSecret)), shareLinks.revocations);
  const ctx: RouteContext = {
    config,
    providers: deps.providers,
    callStatus: createCallStatusAnswers(deps.providers.proconf, deps.history?.reader),
    issuer: createTokenIssuer(config.auth, deps.localSecret),
    demoSignIn: deps.demoSignIn,
    verifier,
    sameOriginJson: requireSameOriginJson(config),
    watchRooms: deps.watchRooms ?? [],
    history: deps.history,
    shareLinks,
    alerts: deps.alerts,
    push: deps.push,
    evidence: deps.evidence ?? (deps.history ? await loadEvidenceKeys({ signingKeyPem: config.evidence.signingKeyPem, dataDir: config.history.dataDir, database: deps.history.database }) : undefined),
    assurance: deps.assurance,
    oidc: deps.oidc,
    audit: deps.audit,
    redisStatus: () => (deps.coordination?.shared ? deps.coordination.status() : 'off'),
    metrics: deps.metrics,
  };
  // Before the routes: it hooks every route registered after it, in every plugin.
  const rateLimit = await registerRateLimit(app, config.security.rateLimit, verifier, deps.coordination?.rateLimitOptions() ?? {});
  if (deps.hotPath !== false) {
    let closing = false;
    app.addHook('preClose', (done) => {
      closing = true;
      done();
    });
    // Request lines are Fastify's to write; a cross-origin poll is the CORS plugin's to answer.
    const open = !writesRequestLines(deps.logger) && config.security.corsOrigins.length === 0;
    hotPath = callStatusHotPath({
      verifier,
      rateLimit,
      answers: ctx.callStatus,
      touch: (room) => deps.history?.watcher.touch({ provider: 'proconf', callId: room }),
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
      open: () => open && !closing,
    });
  }

  // What fails outside the route plugins (a rate-limited or unknown path) answers like /api.
  app.setErrorHandler(errorHandlerFor(apiErrorFor));
  const hasUi = deps.distDir ? await registerUi(app, deps.distDir) : false;
  app.setNotFoundHandler((request, reply) => {
    if (hasUi && isSpaRoute(request)) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return sendError(reply, new HttpError(404, 'Not found'));
  });

  // Four encapsulated plugins, each with its own error contract (and, where needed, its own sign-in hook).
  await app.register(publicRoutes(ctx));
  await app.register(evidenceKeyRoutes(ctx));
  await app.register(proconfAppServerRoutes(ctx));
  await app.register(apiRoutes(ctx), { prefix: '/api' });
  // Vendors deliver webhooks all day (the demo's simulators about one a second): their request
  // lines would bury everything else at `info`. Refusals and failures are still logged (warn).
  await app.register(hookRoutes(ctx), { logLevel: 'warn' });

  app.addHook('onClose', async () => {
    await deps.providers.close();
  });
  return app;
}
