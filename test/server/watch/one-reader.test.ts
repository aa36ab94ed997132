import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerListSchema, roomListSchema } from '../../../src/contract/dashboard';
import { envelopeSchema } from '../../../src/contract/envelope';
import { callSnapshotSchema, type CallSnapshot } from '../../../src/contract/snapshot';
import { historyEnv, startTestServer, type TestServer } from '../../support/support';
import { eventually } from '../../support/upstreamHarness';

/**
 * One reader per room (docs/watching.md, "Viewers never wait"): with history on, a watched room
 * is answered from the watcher's latest snapshot, the overview from its last listings, and a
 * request may wait for the next change (long poll).
 */

interface Answer {
  status: number;
  etag: string | null;
  observedAt: string | null;
  applied: string | null;
  snapshot: CallSnapshot | undefined;
  ms: number;
}

async function read(server: TestServer, token: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const started = performance.now();
  const response = await server.get(path, token, { headers });
  const body = response.status === 200 ? ((await response.json()) as unknown) : undefined;
  const ms = performance.now() - started;
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    observedAt: response.headers.get('x-roomwatch-observed-at'),
    applied: response.headers.get('preference-applied'),
    snapshot: body === undefined ? undefined : envelopeSchema(callSnapshotSchema).parse(body).data,
    ms,
  };
}

/**
 * Runs `reads` and counts the vendor's requests meanwhile. The watcher keeps polling on its own
 * grid, so a request in the window may be its poll: such a window (one whose answers show an
 * observation made during it, or whose requests the watcher made) is discarded and the reads run
 * again. Reads that went to the vendor themselves would show in every window.
 */
async function quietWindow<T>(server: TestServer, vendor: string | undefined, reads: () => Promise<T[]>, observedIn: (results: T[]) => (string | null)[]): Promise<{ results: T[]; requests: number }> {
  const log = server.simulator?.requests;
  if (!log) throw new Error('no simulator');
  let last = { results: [] as T[], requests: -1 };
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const start = Date.now();
    const before = log.all(vendor).length;
    const results = await reads();
    const requests = log.all(vendor).length - before;
    last = { results, requests };
    const watcherObserved = observedIn(results).some((at) => at !== null && Date.parse(at) >= start);
    if (requests === 0 && !watcherObserved) return last;
  }
  return last;
}

describe('a budget-starved vendor: Bandwidth at 1 request/s with five watched conferences', () => {
  const dirs = historyEnv({ BANDWIDTH_RATE_PER_SECOND: '1', RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_IP_PER_MIN: '0' });
  let server: TestServer;
  let moderator: string;
  let rooms: string[];

  beforeAll(async () => {
    server = await startTestServer(dirs.env);
    moderator = await server.token({ role: 'moderator' });
    const world = server.simulator?.bandwidth;
    if (!world) throw new Error('no simulated Bandwidth');
    const demo = (server.simulator?.unlistedDemoCalls() ?? []).filter((call) => call.provider === 'bandwidth').map((call) => call.callId);
    const extra = [world.open(new Date(), true, 'extra-a'), world.open(new Date(), true, 'extra-b')];
    for (const conference of extra) world.add(conference, new Date());
    rooms = [...demo, ...extra.map((conference) => conference.id)].slice(0, 5);
    expect(rooms).toHaveLength(5);
  }, 30_000);
  afterAll(async () => {
    await server?.close();
    dirs.cleanup();
  });

  it('answers every watched room from the watcher’s snapshot: reads cause no vendor request', async () => {
    // First reads: a room nobody read yet may wait for its one vendor read (and is then watched).
    for (const callId of rooms) expect((await read(server, moderator, `/api/calls/bandwidth/${callId}`)).status).toBe(200);
    // A change made at the vendor reaches viewers only through the watcher (webhook or poll).
    const world = server.simulator?.bandwidth;
    const changed = rooms[0] ?? '';
    const conference = world?.conferences.get(changed);
    if (!world || !conference) throw new Error('no conference');
    const want = (await read(server, moderator, `/api/calls/bandwidth/${changed}`)).snapshot?.activeParticipants ?? 0;
    // Someone dials in: Bandwidth calls back, and the watcher reads the conference at once.
    world.add(conference, new Date());
    await eventually(async () => (await read(server, moderator, `/api/calls/bandwidth/${changed}`)).snapshot?.activeParticipants === want + 1, 60_000);

    const { results, requests } = await quietWindow(
      server,
      'bandwidth',
      async () => {
        const answers: Answer[] = [];
        for (let round = 0; round < 10; round += 1) {
          for (const callId of rooms) answers.push(await read(server, moderator, `/api/calls/bandwidth/${callId}`));
        }
        return answers;
      },
      (answers) => answers.map((answer) => answer.observedAt),
    );
    expect(requests).toBe(0);
    expect(results.every((answer) => answer.status === 200)).toBe(true);
    // The body's observedAt is the watcher's observation, and the header says the same.
    for (const answer of results) expect(answer.snapshot?.observedAt).toBe(answer.observedAt);
    expect(results.filter((answer) => answer.snapshot?.callId === changed).every((answer) => answer.snapshot?.activeParticipants === want + 1)).toBe(true);
    const sorted = results.map((answer) => answer.ms).sort((a, b) => a - b);
    console.log(`watched Bandwidth rooms at 1 request/s: ${results.length} reads, p50 ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)]?.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`);
  }, 120_000);

  it('answers GET /api/rooms from the last listings: no vendor request', async () => {
    // The first overview may read a pinned room nobody observed yet; the next ones never wait.
    expect((await server.get('/api/rooms', moderator)).status).toBe(200);
    const { results, requests } = await quietWindow(
      server,
      undefined,
      async () => {
        const listed = [];
        for (let i = 0; i < 5; i += 1) {
          const response = await server.get('/api/rooms', moderator);
          expect(response.status).toBe(200);
          listed.push(envelopeSchema(roomListSchema).parse(await response.json()).data);
        }
        return listed;
      },
      () => [],
    );
    expect(requests).toBe(0);
    expect(results[0]?.some((room) => room.provider === 'proconf' && room.callId === 'all-hands')).toBe(true);
    expect(results[0]?.filter((room) => room.provider === 'bandwidth').length).toBeGreaterThanOrEqual(3);
  });

  it('says in /api/providers how each vendor’s last listing went', async () => {
    const response = await server.get('/api/providers', moderator);
    const providers = envelopeSchema(providerListSchema).parse(await response.json()).data;
    const proconf = providers.find((provider) => provider.id === 'proconf');
    expect(proconf?.listing?.ok).toBe(true);
    expect(Date.parse(proconf?.listing?.observedAt ?? '')).not.toBeNaN();
    // Bandwidth cannot list its conferences: no listing to report.
    expect(providers.find((provider) => provider.id === 'bandwidth')?.listing).toBeNull();
  });
});

describe('waiting for a change (long poll)', () => {
  const dirs = historyEnv({ WATCH_INTERVAL_MS: '250', LONG_POLL_MAX: '2', RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_IP_PER_MIN: '0' });
  let server: TestServer;
  let moderator: string;
  const path = '/api/calls/proconf/all-hands';

  beforeAll(async () => {
    server = await startTestServer(dirs.env);
    moderator = await server.token({ role: 'moderator' });
  });
  afterAll(async () => {
    await server?.close();
    dirs.cleanup();
  });

  const flip = async () => {
    const current = (await read(server, moderator, path)).snapshot?.recording;
    server.simulator?.proconf.set('all-hands', { recording: current !== 'on' });
    return current === 'on' ? 'off' : 'on';
  };

  it('answers 200 with the new body and ETag when the room changes, Preference-Applied on it', async () => {
    const first = await read(server, moderator, path);
    expect(first.status).toBe(200);
    expect(first.etag).toMatch(/^"/);
    expect(first.observedAt).toBe(first.snapshot?.observedAt);
    const held = read(server, moderator, path, { 'if-none-match': first.etag ?? '', prefer: 'wait=30' });
    const want = await flip();
    const changed = await held;
    expect(changed.status).toBe(200);
    expect(changed.snapshot?.recording).toBe(want);
    expect(changed.etag).not.toBe(first.etag);
    expect(changed.applied).toBe('wait=30');
    expect(changed.observedAt).toBe(changed.snapshot?.observedAt);
  }, 60_000);

  it('answers 304 when the wait ends with nothing changed, with the latest observation time', async () => {
    const first = await read(server, moderator, path);
    const later = await read(server, moderator, path, { 'if-none-match': first.etag ?? '', prefer: 'wait=1' });
    expect(later.status).toBe(304);
    expect(later.applied).toBe('wait=1');
    expect(later.etag).toBe(first.etag);
    // The watcher observed the room again meanwhile (every 250 ms): same content, same tag, a newer time.
    expect(Date.parse(later.observedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(first.observedAt ?? ''));
  });

  it('clamps the wait to 1..30 s, and answers at once without If-None-Match', async () => {
    const first = await read(server, moderator, path);
    const short = await read(server, moderator, path, { 'if-none-match': first.etag ?? '', prefer: 'wait=0' });
    expect(short).toMatchObject({ status: 304, applied: 'wait=1' });
    const held = read(server, moderator, path, { 'if-none-match': first.etag ?? '', prefer: 'wait=120' });
    await flip();
    expect(await held).toMatchObject({ status: 200, applied: 'wait=30' });
    const plain = await read(server, moderator, path, { prefer: 'wait=30' });
    expect(plain.status).toBe(200);
    expect(plain.applied).toBeNull();
  }, 60_000);

  it('holds at most LONG_POLL_MAX requests; past it answers at once without Preference-Applied', async () => {
    const first = await read(server, moderator, path);
    const ask = { 'if-none-match': first.etag ?? '', prefer: 'wait=30' };
    const held = [read(server, moderator, path, ask), read(server, moderator, path, ask)];
    // Both held (the server has taken them) before the third asks.
    await eventually(async () => {
      const third = await read(server, moderator, path, ask);
      return third.status === 304 && third.applied === null;
    }, 10_000);
    await flip();
    for (const answer of await Promise.all(held)) expect(answer).toMatchObject({ status: 200, applied: 'wait=30' });
  }, 60_000);

  it('answers every held request at once when the server closes', async () => {
    const own = historyEnv({ LONG_POLL_MAX: '1', RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_IP_PER_MIN: '0' });
    const closing = await startTestServer(own.env);
    try {
      const token = await closing.token({ role: 'moderator' });
      const first = await read(closing, token, path);
      const ask = { 'if-none-match': first.etag ?? '', prefer: 'wait=30' };
      const held = read(closing, token, path, ask);
      // Held once the one place (LONG_POLL_MAX=1) is taken: a second asker is answered at once.
      await eventually(async () => (await read(closing, token, path, ask)).applied === null, 10_000);
      const started = performance.now();
      await closing.close();
      const answer = await held;
      expect(answer.status === 304 || answer.status === 200).toBe(true);
      expect(answer.applied).toBe('wait=30');
      // Well before the 30 s wait would have ended.
      expect(performance.now() - started).toBeLessThan(25_000);
    } finally {
      own.cleanup();
    }
  }, 60_000);
});
