import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { historyEnv, startTestServer, testConfig, type TestServer } from '../../support/support';
import { eventually } from '../../support/upstreamHarness';

/** One sample of the Prometheus text format: `name{label="value",...} number`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The text exposition format, as far as these tests read it: comments skipped, label values unescaped. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key ?? ''] = (raw ?? '').replace(/\\(.)/g, (_all, c: string) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1] ?? '', labels, value: Number(match[3]) });
  }
  return samples;
}

async function scrape(server: TestServer): Promise<Sample[]> {
  if (!server.metricsUrl) throw new Error('metrics are off');
  const res = await fetch(server.metricsUrl);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await res.text());
}

/** The value of one series (0 when it has none yet, as a counter that never moved). */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found.reduce((sum, s) => sum + s.value, 0);
}

const notFound = { data: null, error: { code: 404, message: 'Not found' } };

describe('metrics off (the default)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('opens no metrics listener, and the main port answers 404 on /metrics', async () => {
    expect(server.metricsUrl).toBeUndefined();
    const res = await server.get('/metrics', await server.token({ role: 'moderator' }));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(notFound);
  });
});

describe('metrics on (METRICS_PORT)', () => {
  let server: TestServer;
  let moderator: string;
  beforeAll(async () => {
    // A long status TTL: a second read is a cache hit however slow the machine. The breaker off the
    // path: the failure test expects its failure to reach the vendor.
    server = await startTestServer({ METRICS_PORT: '0', UPSTREAM_STATUS_TTL_MS: '600000', UPSTREAM_TIMEOUT_MS: '400', UPSTREAM_BREAKER_FAILURES: '1000' });
    moderator = await server.token({ role: 'moderator' });
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => {
    server.simulator?.clearFaults();
  });

  it('serves /metrics on its own loopback listener, never on the main port', async () => {
    expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(server.metricsUrl ?? '').port).not.toBe(new URL(server.url).port);
    const main = await server.get('/metrics', moderator);
    expect(main.status).toBe(404);
    expect(await main.json()).toEqual(notFound);
    const other = await fetch(new URL('/api/providers', server.metricsUrl));
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual(notFound);
  });

  it('includes Node process metrics and every roomwatch series', async () => {
    const res = await fetch(server.metricsUrl ?? '');
    const text = await res.text();
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'roomwatch_http_requests_total',
      'roomwatch_upstream_requests_total',
      'roomwatch_upstream_request_duration_seconds',
      'roomwatch_answers_total',
      'roomwatch_breaker_open',
      'roomwatch_watched_rooms',
      'roomwatch_watch_lag_seconds',
      'roomwatch_history_write_duration_seconds',
      'roomwatch_alerts_open',
      'roomwatch_alert_deliveries_total',
      'roomwatch_webhooks_received_total',
      'roomwatch_long_polls_held',
      'roomwatch_redis_up',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    const samples = parseExposition(text);
    // Every vendor's breaker, closed; no Redis configured, so no redis_up value.
    for (const vendor of ['proconf', 'bandwidth', 'cometchat', 'tencent']) {
      expect(samples).toContainEqual({ name: 'roomwatch_breaker_open', labels: { vendor }, value: 0 });
    }
    // History off and no Redis: those series have no value (an absent series, not a false 0).
    for (const name of ['roomwatch_redis_up', 'roomwatch_watched_rooms', 'roomwatch_watch_lag_seconds', 'roomwatch_alerts_open']) {
      expect(samples.some((s) => s.name === name)).toBe(false);
    }
  });

  it('counts requests by route pattern and status, never by raw URL', async () => {
    const route = { route: '/callStatus', status: '200' };
    const before = await scrape(server);
    for (let i = 0; i < 3; i++) expect((await server.get('/callStatus?roomName=standup', moderator)).status).toBe(200);
    expect((await server.get('/callStatus?roomName=standup')).status).toBe(401);
    expect((await server.get('/api/calls/proconf/standup', moderator)).status).toBe(200);
    expect((await server.get('/no/such/path-12345', moderator)).status).toBe(404);
    const after = await scrape(server);

    const moved = (labels: Record<string, string>) =>
      valueOf(after, 'roomwatch_http_requests_total', labels) - valueOf(before, 'roomwatch_http_requests_total', labels);
    expect(moved(route)).toBe(3);
    expect(moved({ route: '/callStatus', status: '401' })).toBe(1);
    expect(moved({ route: '/api/calls/:provider/:callId', status: '200' })).toBe(1);
    expect(moved({ route: 'unmatched', status: '404' })).toBe(1);
    const routes = new Set(after.filter((s) => s.name === 'roomwatch_http_requests_total').map((s) => s.labels.route));
    for (const label of routes) expect(label).not.toMatch(/standup|path-12345|\?/);
  });

  it('counts upstream requests by vendor and outcome, and times the ones that were sent', async () => {
    const ok = { vendor: 'proconf', outcome: 'ok' };
    const before = await scrape(server);
    // A room nobody read yet: not in the cache, so the vendor is asked.
    expect((await server.get('/callStatus?roomName=all-hands', moderator)).status).toBe(200);
    const after = await scrape(server);
    expect(valueOf(after, 'roomwatch_upstream_requests_total', ok)).toBeGreaterThan(valueOf(before, 'roomwatch_upstream_requests_total', ok));
    const timed = (s: Sample[]) => valueOf(s, 'roomwatch_upstream_request_duration_seconds_count', { vendor: 'proconf' });
    expect(timed(after)).toBeGreaterThan(timed(before));
    expect(valueOf(after, 'roomwatch_answers_total', { source: 'vendor' })).toBeGreaterThan(valueOf(before, 'roomwatch_answers_total', { source: 'vendor' }));

    // Read again at once: answered from the cache, no request to the vendor.
    const vendorAsked = valueOf(after, 'roomwatch_upstream_requests_total', { vendor: 'proconf' });
    expect((await server.get('/callStatus?roomName=all-hands', moderator)).status).toBe(200);
    const cached = await scrape(server);
    expect(valueOf(cached, 'roomwatch_answers_total', { source: 'cache' })).toBeGreaterThan(valueOf(after, 'roomwatch_answers_total', { source: 'cache' }));
    expect(valueOf(cached, 'roomwatch_upstream_requests_total', { vendor: 'proconf' })).toBe(vendorAsked);
  });

  it('counts vendor webhooks by vendor and outcome', async () => {
    const refused = { vendor: 'bandwidth', outcome: 'refused' };
    const before = valueOf(await scrape(server), 'roomwatch_webhooks_received_total', refused);
    const res = await fetch(`${server.url}/hooks/bandwidth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
    expect(valueOf(await scrape(server), 'roomwatch_webhooks_received_total', refused)).toBe(before + 1);
  });

  it('counts a vendor failure under its kind', async () => {
    const failed = { vendor: 'proconf', outcome: 'unavailable' };
    const before = valueOf(await scrape(server), 'roomwatch_upstream_requests_total', failed);
    server.simulator?.setFault('proconf', { mode: 'error500' });
    expect((await server.get('/callStatus?roomName=metrics-failing-room', moderator)).status).toBe(500);
    expect(valueOf(await scrape(server), 'roomwatch_upstream_requests_total', failed)).toBeGreaterThan(before);
  });
});

describe('metrics with history on', () => {
  const history = historyEnv();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ...history.env, METRICS_PORT: '0', WATCH_INTERVAL_MS: '250' });
  });
  afterAll(async () => {
    await server.close();
    history.cleanup();
  });

  it('shows watched rooms, the watcher\'s store writes and the age of what viewers see', async () => {
    const moderator = await server.token({ role: 'moderator' });
    expect((await server.get('/api/calls/proconf/standup', moderator)).status).toBe(200);
    await eventually(async () => {
      const samples = await scrape(server);
      return (
        valueOf(samples, 'roomwatch_watched_rooms') >= 1 &&
        valueOf(samples, 'roomwatch_history_write_duration_seconds_count') >= 1 &&
        samples.some((s) => s.name === 'roomwatch_watch_lag_seconds')
      );
    }, 10_000);
    const samples = await scrape(server);
    // A healthy watcher's snapshots are seconds old, not minutes (the status TTL is 1 s, a poll 250 ms).
    expect(valueOf(samples, 'roomwatch_watch_lag_seconds')).toBeLessThan(60);
    expect(samples).toContainEqual({ name: 'roomwatch_alerts_open', labels: {}, value: 0 });
  });
});

describe('each app has its own registry', () => {
  it('two BFFs in one process keep separate numbers', async () => {
    const first = await startTestServer({ METRICS_PORT: '0' });
    const second = await startTestServer({ METRICS_PORT: '0' });
    try {
      const token = await first.token({ role: 'moderator' });
      const calls = (s: Sample[]) => valueOf(s, 'roomwatch_http_requests_total', { route: '/callStatus' });
      const secondBefore = calls(await scrape(second));
      for (let i = 0; i < 2; i++) await first.get('/callStatus?roomName=standup', token);
      expect(calls(await scrape(first))).toBe(2);
      expect(calls(await scrape(second))).toBe(secondBefore);
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe('METRICS_PORT configuration', () => {
  it('may not be the main port', () => {
    expect(() => testConfig({ PORT: '9464', METRICS_PORT: '9464' })).toThrow(/METRICS_PORT: must differ from PORT/);
  });

  it('binds loopback unless METRICS_HOST says otherwise; empty means off', () => {
    expect(testConfig({ METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(testConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).metrics).toEqual({ port: 9464, host: '0.0.0.0' });
    expect(testConfig({}).metrics).toBeUndefined();
  });
});
