import type { Counter, Gauge, Registry } from 'prom-client';
import type { BreakerState } from '../../src/contract/dashboard';
import type { AnswerSource, DeliveryOutcome, MetricsRecorder, UpstreamOutcome, WebhookOutcome } from './recorder';

/**
 * What the gauges read at scrape time: state the parts already keep, asked for only when
 * Prometheus scrapes, so keeping it costs the request path nothing. Each is optional: a part
 * that is off (HISTORY=off, no REDIS_URL) leaves its series without a value.
 */
export interface MetricsSources {
  /** Each vendor's circuit breaker. */
  breakers?(): Iterable<{ vendor: string; state: BreakerState }>;
  /** Rooms the watcher reads now. */
  watchedRooms?(): number;
  /** Age in seconds of the oldest latest snapshot among rooms someone is viewing; null when none is. */
  watchLagSeconds?(): number | null;
  /** Alert episodes open now (the store's count: every instance sees the same). */
  alertsOpen?(): Promise<number>;
  /** Requests held now waiting for a room to change (the long polls). */
  longPollsHeld?(): number;
  /** Whether Redis answers; absent without REDIS_URL (then the series has no value). */
  redisUp?(): boolean;
}

export interface Metrics extends MetricsRecorder {
  /** This app's registry: its own, never prom-client's global default one. */
  readonly registry: Registry;
  /** Adds (or replaces) what the gauges read; called as the composition root builds each part. */
  readFrom(sources: MetricsSources): void;
  /** The exposition in Prometheus text format, and its content type. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

/** Seconds; a vendor admin API answers in tens to hundreds of ms, and the deadline is a few seconds. */
const UPSTREAM_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds; a SQLite write takes about a millisecond, a PostgreSQL one a few. */
const WRITE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * Sets a gauge without labels, or leaves it with no value when its part is off (HISTORY=off, no
 * REDIS_URL): an absent series alerts nobody, a made-up 0 would (redis_up 0 reads "Redis down").
 */
function show(gauge: Gauge, value: number | undefined): void {
  gauge.reset();
  if (value === undefined) gauge.remove();
  else gauge.set(value);
}

/** A count kept as a plain number on the request path, handed to prom-client only at scrape time. */
interface Tally {
  readonly labels: Record<string, string>;
  count: number;
  reported: number;
}

/**
 * One app instance's metrics: a prom-client Registry of its own (two BFFs in one process keep
 * separate numbers), Node's default process metrics, and the roomwatch series listed in
 * docs/operating.md. prom-client itself is loaded by the first call.
 *
 * The request path is the hot one (a cached `/callStatus` is answered in tens of µs): counting
 * a request there is two Map lookups and an increment of a number; prom-client's own label
 * hashing runs once per label set per scrape, in the counter's collect().
 */
export async function createMetrics(): Promise<Metrics> {
  // Loaded here: an instance without METRICS_PORT never loads prom-client.
  const { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } = await import('prom-client');
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let sources: MetricsSources = {};

  const httpTallies = new Map<string, Map<number, Tally>>();
  const answerTallies = new Map<AnswerSource, Tally>(
    (['watcher', 'cache', 'vendor'] as const).map((source) => [source, { labels: { source }, count: 0, reported: 0 }]),
  );
  /** Moves what was counted since the last scrape into the prom-client counter. */
  const flush = (counter: Counter<string>, tallies: Iterable<Tally>) => {
    for (const tally of tallies) {
      if (tally.count === tally.reported) continue;
      counter.inc(tally.labels, tally.count - tally.reported);
      tally.reported = tally.count;
    }
  };

  new Counter({
    name: 'roomwatch_http_requests_total',
    help: 'Requests the BFF answered, by route pattern and HTTP status.',
    labelNames: ['route', 'status'],
    registers: [registry],
    collect() {
      for (const byStatus of httpTallies.values()) flush(this, byStatus.values());
    },
  });
  // A plain number on the hot path: the counter reads it when scraped.
  let hotPathAnswers = 0;
  new Counter({
    name: 'roomwatch_hot_path_answers_total',
    help: 'Cached /callStatus polls answered before Fastify (every check repeated), also counted in roomwatch_http_requests_total.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(hotPathAnswers);
    },
  });
  const upstreamRequests = new Counter({
    name: 'roomwatch_upstream_requests_total',
    help: 'Requests to vendor admin APIs, by vendor and outcome (refused: answered locally by the breaker, bulkhead, pause or rate limit; nothing sent).',
    labelNames: ['vendor', 'outcome'],
    registers: [registry],
  });
  const upstreamDuration = new Histogram({
    name: 'roomwatch_upstream_request_duration_seconds',
    help: 'Duration of vendor admin API requests that were sent (local refusals are not observed), by vendor.',
    labelNames: ['vendor'],
    buckets: UPSTREAM_BUCKETS,
    registers: [registry],
  });
  const answers = new Counter({
    name: 'roomwatch_answers_total',
    help: 'Room reads answered, by where the answer came from: the watcher\'s snapshot, the read cache, or a vendor request.',
    labelNames: ['source'],
    registers: [registry],
    collect() {
      flush(this, answerTallies.values());
    },
  });
  // Every source shows from the first scrape (at 0), so rate() and ratios over it work at once.
  for (const tally of answerTallies.values()) answers.inc(tally.labels, 0);
  new Gauge({
    name: 'roomwatch_breaker_open',
    help: '1 while a vendor\'s circuit breaker is open or half-open (requests refused), 0 while closed.',
    labelNames: ['vendor'],
    registers: [registry],
    collect() {
      this.reset();
      for (const { vendor, state } of sources.breakers?.() ?? []) this.set({ vendor }, state === 'closed' ? 0 : 1);
    },
  });
  new Gauge({
    name: 'roomwatch_watched_rooms',
    help: 'Rooms the watcher reads now.',
    registers: [registry],
    collect() {
      show(this, sources.watchedRooms?.());
    },
  });
  new Gauge({
    name: 'roomwatch_watch_lag_seconds',
    help: 'Age of the oldest latest snapshot among the rooms someone is viewing (0 when none is).',
    registers: [registry],
    collect() {
      show(this, sources.watchLagSeconds ? (sources.watchLagSeconds() ?? 0) : undefined);
    },
  });
  const historyWrites = new Histogram({
    name: 'roomwatch_history_write_duration_seconds',
    help: 'Duration of the watcher\'s writes to the history store (events, record and last snapshot in one go).',
    buckets: WRITE_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'roomwatch_alerts_open',
    help: 'Alert episodes open now.',
    registers: [registry],
    async collect() {
      // A store that does not answer leaves the series without a value for this scrape, not a false 0.
      show(this, await sources.alertsOpen?.().catch(() => undefined));
    },
  });
  const deliveries = new Counter({
    name: 'roomwatch_alert_deliveries_total',
    help: 'Alert webhook delivery attempts, by outcome (failed: retried later; gave_up: no more tries).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const webhooks = new Counter({
    name: 'roomwatch_webhooks_received_total',
    help: 'Vendor webhooks received, by vendor and outcome.',
    labelNames: ['vendor', 'outcome'],
    registers: [registry],
  });
  const longPolls = new Gauge({
    name: 'roomwatch_long_polls_held',
    help: 'Requests held waiting for a room to change (Prefer: wait).',
    registers: [registry],
    collect() {
      // The long polls count themselves: read at scrape time rather than counted twice.
      if (sources.longPollsHeld) this.set(sources.longPollsHeld());
    },
  });
  new Gauge({
    name: 'roomwatch_redis_up',
    help: '1 while Redis answers, 0 while it does not; no value without REDIS_URL.',
    registers: [registry],
    collect() {
      show(this, sources.redisUp ? Number(sources.redisUp()) : undefined);
    },
  });

  return {
    registry,
    readFrom(more) {
      sources = { ...sources, ...more };
    },
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
    hotPathAnswer() {
      hotPathAnswers += 1;
    },
    httpRequest(route, status) {
      let byStatus = httpTallies.get(route);
      if (!byStatus) {
        byStatus = new Map();
        httpTallies.set(route, byStatus);
      }
      let tally = byStatus.get(status);
      if (!tally) {
        tally = { labels: { route, status: String(status) }, count: 0, reported: 0 };
        byStatus.set(status, tally);
      }
      tally.count += 1;
    },
    upstreamRequest(vendor: string, outcome: UpstreamOutcome, seconds: number | null) {
      upstreamRequests.inc({ vendor, outcome });
      if (seconds !== null) upstreamDuration.observe({ vendor }, seconds);
    },
    answered(source: AnswerSource) {
      const tally = answerTallies.get(source);
      if (tally) tally.count += 1;
    },
    historyWrite(seconds: number) {
      historyWrites.observe(seconds);
    },
    alertDelivery(outcome: DeliveryOutcome) {
      deliveries.inc({ outcome });
    },
    webhookReceived(vendor: string, outcome: WebhookOutcome) {
      webhooks.inc({ vendor, outcome });
    },
    longPollHeld() {
      longPolls.inc();
    },
    longPollReleased() {
      longPolls.dec();
    },
  };
}
