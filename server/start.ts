import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { vendorPolicy, type Config } from './config';
import { buildApp } from './app';
import { createLogger } from './logger';
import { DemoSignIn } from './auth/demoSignIn';
import { createProviders } from './providers/registry';
import { startSimulator, type Simulator } from './simulator';
import type { SimulatorCatalog } from './simulator/types';
import { composePush, type ComposedPush } from './push/compose';
import type { ProviderSet } from './providers/registry';
import type { RoomRef } from '../src/contract/roomAccess';
import { alertRepository } from './alerts/repository';
import type { ProviderId } from '../src/contract/ids';
import { createAlertService, type AlertService } from './alerts/service';
import { createAssuranceService, type AssuranceService } from './assurance/service';
import { openHistoryRuntime, type HistoryRuntime } from './watch/historyRuntime';
import { startCoordination } from './coordination/coordination';
import { createRoomLease } from './coordination/watchLease';
import { redactRedisUrl } from './coordination/config';
import { sharedUpstream } from './coordination/sharedUpstream';
import { OidcClient } from './auth/oidc/client';
import { createAuditService, type AuditService } from './audit/service';
import { auditRepositoryFor } from './audit/repository';
import { createMetrics } from './metrics/metrics';
import { startMetricsListener, type MetricsListener } from './metrics/listener';
import { metricsSourcesOf } from './metrics/sources';

export interface Running {
  app: FastifyInstance;
  simulator: Simulator | undefined;
  /** e.g. `http://127.0.0.1:8080` */
  url: string;
  /** The demo's one-time sign-in link; only when no auth is configured. */
  signInUrl: string | undefined;
  /** The providers the routes read through (with pushed flags when push is on). */
  providers: ProviderSet;
  /** Vendor push, when any receiver is on: its health and where accepted events are re-read. */
  push: ComposedPush | undefined;
  /** `http://127.0.0.1:9464/metrics` with METRICS_PORT; undefined when metrics are off. */
  metricsUrl: string | undefined;
  close(): Promise<void>;
}

export interface StartOptions {
  distDir?: string;
  logStream?: NodeJS.WritableStream;
  /** Simulator scenario step; tests freeze it with 0. */
  simulatorTickMs?: number;
  /** false: every request through Fastify (app.ts `hotPath`), for tests that compare the two paths. */
  hotPath?: boolean;
  /** false: the demo does not turn push on (configured webhook secrets still do). Default true. */
  demoPush?: boolean;
  /** The simulators attached to the config's vendors when SIMULATOR is on; default the built-in four's. */
  simulators?: SimulatorCatalog;
}

export const DEFAULT_DIST_DIR = resolve(import.meta.dirname, '../dist');

/**
 * The composition root: brings up the simulator when configured (simulating the config's
 * vendor list), resolves each vendor's policy and hands it to that vendor's provider, then
 * builds the BFF and listens. Nothing here is process-global, so two of these can run side by side.
 */
export async function startRoomwatch(config: Config, options: StartOptions = {}): Promise<Running> {
  const simulator = config.simulator.enabled
    ? await startSimulator({
        seed: config.simulator.seed,
        port: config.simulator.port,
        vendors: config.vendorModules,
        ...(options.simulators ? { simulators: options.simulators } : {}),
        ...(options.simulatorTickMs === undefined ? {} : { tickMs: options.simulatorTickMs }),
      })
    : undefined;

  // The BFF's own tokens (sessions, share links) survive a restart only with a configured secret.
  const configuredSecret = config.auth.kind === 'secret' ? config.auth.secret : config.security.sessionSecret;
  const localSecret = configuredSecret ? new TextEncoder().encode(configuredSecret) : new Uint8Array(randomBytes(32));
  const logger = createLogger(config.logLevel, options.logStream);
  // Several instances share limits, budgets, leases, codes and revocations through Redis; without
  // REDIS_URL every part is in-process and nothing changes for a single instance.
  const coordination = await startCoordination(config.coordination, logger);
  if (coordination.shared && config.coordination.redisUrl) {
    logger.info(
      { instance: coordination.instanceId, redis: redactRedisUrl(config.coordination.redisUrl), status: coordination.status() },
      'coordinating with other instances through redis',
    );
  }
  // METRICS_PORT: one registry for this app (never prom-client's global one), handed to what records.
  const metrics = config.metrics ? await createMetrics() : undefined;
  // With OIDC people sign in at the identity provider: no printed link.
  const demoSignIn = config.auth.kind === 'demo' && !config.oidc ? new DemoSignIn(coordination.signInCodes) : undefined;
  const oidc = config.oidc ? new OidcClient(config.oidc, logger) : undefined;

  // The demo (simulator on, no vendor configured) runs with push: random secrets shared by the
  // BFF's receivers and the simulator's senders. Configured secrets always win.
  const demo = simulator !== undefined && Object.keys(config.vendors).length === 0 && options.demoPush !== false;
  const secrets = {
    ...(demo ? simulator.demoWebhookSecrets() : {}),
    ...config.push,
  };

  // Each vendor's client-side rate as its provider is given it: the watcher stays inside it.
  const rates = new Map<ProviderId, number | null>();
  const plainProviders = createProviders(
    { upstream: config.vendors, simulator: simulator?.vendorConfigs ?? {} },
    {
      vendors: config.vendorModules,
      policyOf: (vendor) => {
        const policy = { ...vendorPolicy(vendor, config.upstream), ...(metrics ? { metrics } : {}) };
        rates.set(vendor.id, policy.ratePerSecond);
        return coordination.shared ? { ...policy, shared: sharedUpstream(coordination, vendor.id) } : policy;
      },
      logger,
      pushOn: (id) => id in secrets,
    },
  );
  // With push, routes and watcher read through the same providers, pushed flags laid over them.
  const push: ComposedPush | undefined = composePush(plainProviders, config.vendorModules, secrets);
  const providers: ProviderSet = push?.providers ?? plainProviders;
  const watchRooms = config.watchRooms ?? simulator?.unlistedDemoCalls() ?? [];
  const lease = coordination.shared
    ? createRoomLease(coordination.leases, coordination.instanceId, config.watch.intervalMs, logger)
    : undefined;
  // One reader per room across instances: the lease holder reads and publishes, the others answer from it.
  const sharedWatch = coordination.sharedWatch({ listEveryMs: config.watch.listEveryMs });
  let app: FastifyInstance | undefined;
  let history: HistoryRuntime | undefined;
  let alerts: AlertService | undefined;
  let audit: AuditService | undefined;
  let metricsListener: MetricsListener | undefined;
  let assurance: AssuranceService | undefined;
  try {
    await oidc?.start();
    history = await openHistoryRuntime(config, {
      providers,
      watchRooms,
      rates,
      logger,
      // While a vendor's webhooks arrive, polling its rooms is only reconciliation: slower.
      ...(push ? { intervalOf: (room: RoomRef, base: number) => push.health.intervalFor(room.provider, base) } : {}),
      ...(lease ? { lease: (room: RoomRef) => lease.mayWatch(room), unlease: (room: RoomRef) => void lease.release(room) } : {}),
      ...(metrics ? { metrics } : {}),
      ...(sharedWatch ? { shared: sharedWatch } : {}),
    });
    // An accepted webhook re-reads its room through the watcher: one writer per room's history.
    if (push && history) {
      const watcher = history.watcher;
      push.setRefresh((room) => watcher.refresh(room));
    }
    if (history && coordination.shared) {
      // A change this instance's watcher saw: the others drop their cached answers for the room.
      history.watcher.onEvents((room) => {
        void coordination.invalidation.publish(`${room.provider}:${room.callId}`, { othersOnly: true });
      });
    }
    // Who changed what: in the history's database, or in memory with HISTORY=off.
    audit = createAuditService({ store: auditRepositoryFor(history?.database), logger, days: config.audit.days });
    assurance =
      history && createAssuranceService({ database: history.database, history: history.store, watcher: history.watcher, providers, logger, audit });
    await assurance?.start();
    const stretches = assurance;
    alerts =
      history &&
      createAlertService({
        history: history.store,
        store: alertRepository(history.database),
        watcher: history.watcher,
        config: config.alerts,
        logger,
        ...(metrics ? { metrics } : {}),
        ...(stretches ? { policyStretch: (room: RoomRef, now: number) => stretches.openStretch(room, now) } : {}),
        // Several instances: a room's alerts are evaluated by the instance reading it.
        ...(coordination.shared ? { leases: history.watcher } : {}),
      });
    app = await buildApp(config, {
      logger,
      providers,
      ...(push ? { push: push.wiring } : {}),
      localSecret,
      watchRooms,
      coordination,
      shareRevocations: coordination.revocations,
      ...(history ? { history } : {}),
      ...(alerts ? { alerts } : {}),
      ...(assurance ? { assurance } : {}),
      ...(demoSignIn ? { demoSignIn } : {}),
      ...(oidc ? { oidc } : {}),
      audit,
      ...(metrics ? { metrics } : {}),
      distDir: options.distDir ?? DEFAULT_DIST_DIR,
      ...(options.hotPath === undefined ? {} : { hotPath: options.hotPath }),
    });
    await app.listen({ port: config.port, host: config.host });
    if (metrics && config.metrics) {
      metrics.readFrom(metricsSourcesOf({ providers, history, alerts, coordination }));
      metricsListener = await startMetricsListener(metrics, config.metrics, logger);
    }
    await history?.start();
    await alerts?.start();
    await audit.start();
  } catch (err) {
    oidc?.close();
    audit?.close();
    await metricsListener?.close();
    assurance?.close();
    await alerts?.close();
    await history?.close();
    if (app) await app.close();
    else await providers.close();
    await coordination.close();
    await simulator?.close();
    throw err;
  }

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  // The BFF's address is known only now: the simulated vendors call back to it.
  // Only for the vendors the BFF reads from the simulator, not those configured for real.
  simulator?.sendWebhooksTo(url, Object.fromEntries(Object.entries(secrets).filter(([id]) => !(id in config.vendors))));
  const running = app;
  return {
    app: running,
    simulator,
    url,
    providers,
    push,
    metricsUrl: metricsListener?.url,
    signInUrl: demoSignIn ? `${url}/auth/${await demoSignIn.mint()}` : undefined,
    async close() {
      await metricsListener?.close();
      // The watcher first: it reads through the providers the app closes, and writes to the store.
      assurance?.close();
      oidc?.close();
      audit?.close();
      await alerts?.close();
      await history?.close();
      // Then its rooms go back, so another instance takes them at its next poll, not after the ttl.
      await lease?.releaseAll();
      await sharedWatch?.close();
      await running.close();
      await coordination.close();
      await simulator?.close();
    },
  };
}

