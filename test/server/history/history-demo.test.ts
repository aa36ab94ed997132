import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callReportSchema, callsPageSchema, envelopeSchema, historyPageSchema, type RoomEvent } from '../../../src/contract';
import { historyEnv, startTestServer, type TestServer } from '../../support/support';
import { eventually } from '../../support/upstreamHarness';

/** What a fresh demo shows in its history, with the default watch interval and vendor budgets. */
describe('the demo’s history', () => {
  const dirs = historyEnv({ RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_IP_PER_MIN: '0' });
  let server: TestServer;
  let moderator: string;

  beforeAll(async () => {
    server = await startTestServer(dirs.env);
    moderator = await server.token({ role: 'moderator' });
  });
  afterAll(async () => {
    await server.close();
    dirs.cleanup();
  });

  const read = async (path: string) => {
    const response = await server.get(path, moderator);
    return { status: response.status, body: (await response.json()) as unknown };
  };
  const events = async (provider: string, callId: string): Promise<RoomEvent[]> =>
    envelopeSchema(historyPageSchema).parse((await read(`/api/calls/${provider}/${callId}/history?limit=500`)).body).data.events;

  it('records the quick ProCONF meeting ending, lists it as ended and reports it', async () => {
    const world = server.simulator?.proconf;
    if (!world) throw new Error('no simulated ProCONF');
    await eventually(async () => (await events('proconf', 'quick-sync')).some((e) => e.kind === 'watch.started'), 10_000);
    world.tick(world.quickEndsAt);
    await eventually(async () => (await events('proconf', 'quick-sync')).some((e) => e.kind === 'watch.stopped'), 10_000);
    const history = await events('proconf', 'quick-sync');
    expect(history.find((e) => e.kind === 'state')).toMatchObject({ from: 'active', to: 'ended' });
    expect(history.at(-1)).toMatchObject({ kind: 'watch.stopped', reason: 'ended' });

    const ended = envelopeSchema(callsPageSchema).parse((await read('/api/calls?status=ended&provider=proconf')).body).data;
    const record = ended.calls.find((call) => call.callId === 'quick-sync');
    expect(record?.state).toBe('ended');
    expect(record?.endedAt).not.toBeNull();
    const report = envelopeSchema(callReportSchema).parse((await read('/api/calls/proconf/quick-sync/report')).body).data;
    expect(report.call.state).toBe('ended');
  });

  it('watches Bandwidth’s conferences within half its 1 request/s, with no rate_limited gaps, and viewers still read them', async () => {
    const conferences = (server.simulator?.unlistedDemoCalls() ?? []).filter((call) => call.provider === 'bandwidth');
    expect(conferences.length).toBeGreaterThanOrEqual(3);
    for (const { callId } of conferences) {
      await eventually(async () => (await events('bandwidth', callId)).some((e) => e.kind === 'watch.started'), 20_000);
    }
    // Nobody looks for 24 s: every Bandwidth request now is the watcher's. At WATCH_INTERVAL_MS
    // (2 s) three conferences would want 3 requests/s and take the whole budget (24 requests).
    const log = server.simulator?.requests;
    if (!log) throw new Error('no simulator');
    const windowStart = Date.now();
    await new Promise((r) => setTimeout(r, 24_000));
    const watcherRequests = log.all('bandwidth').filter((entry) => entry.at >= windowStart && entry.at < windowStart + 24_000).length;
    expect(watcherRequests).toBeGreaterThan(0);
    expect(watcherRequests).toBeLessThanOrEqual(24 * 0.5 + 2);
    for (const { callId } of conferences) expect((await read(`/api/calls/bandwidth/${callId}`)).status).toBe(200);
    for (const { callId } of conferences) {
      expect((await events('bandwidth', callId)).filter((e) => e.kind === 'gap.started'), callId).toEqual([]);
    }
  }, 60_000);
});
