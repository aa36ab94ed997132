import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { historyEnv, startTestServer, type TestServer } from '../../support/support';

/**
 * The hot path (server/hotPath) answers cached `/callStatus` polls before Fastify. A ProCONF app
 * must not be able to tell: every answer, refusal and header is the one the Fastify route gives.
 * Each test runs the same requests against a server with the hot path and one without it
 * (twin simulators, frozen, so both see the same rooms) and compares what came back.
 */

interface Seen {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function seen(res: Response): Promise<Seen> {
  const headers = Object.fromEntries([...res.headers].filter(([name]) => name !== 'date'));
  return { status: res.status, headers, body: await res.text() };
}

async function hotPathAnswers(server: TestServer): Promise<number> {
  const text = await (await fetch(server.metricsUrl ?? '')).text();
  const line = text.split('\n').find((l) => l.startsWith('roomwatch_hot_path_answers_total '));
  return Number(line?.split(' ')[1] ?? Number.NaN);
}

/** The same requests against both servers, one after the other, in order. */
async function both(servers: { hot: TestServer; fastify: TestServer }, request: (server: TestServer) => Promise<Response>) {
  return { hot: await seen(await request(servers.hot)), fastify: await seen(await request(servers.fastify)) };
}

const BASE = { LOG_LEVEL: 'warn', METRICS_PORT: '0' };

describe('cached /callStatus on the hot path', () => {
  let servers: { hot: TestServer; fastify: TestServer };
  let moderator: string;
  beforeAll(async () => {
    servers = { hot: await startTestServer(BASE), fastify: await startTestServer(BASE, undefined, { hotPath: false }) };
    moderator = await servers.hot.token({ sub: 'mod', role: 'moderator' });
  });
  afterAll(async () => {
    await Promise.all([servers.hot.close(), servers.fastify.close()]);
  });
  afterEach(() => {
    servers.hot.simulator?.clearFaults();
    servers.fastify.simulator?.clearFaults();
  });

  it('answers a cached poll with the route’s bytes and headers, and counts it as a hot-path answer', async () => {
    // The first read fills the cache (Fastify's route), the second is at hand.
    const first = await both(servers, (s) => s.get('/callStatus?roomName=standup', moderator));
    const before = await hotPathAnswers(servers.hot);
    const cached = await both(servers, (s) => s.get('/callStatus?roomName=standup', moderator));
    expect(cached.hot).toEqual(cached.fastify);
    expect(cached.hot).toEqual(first.hot);
    expect(cached.hot.status).toBe(200);
    expect(cached.hot.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'private, no-cache',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    expect(cached.hot.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(JSON.parse(cached.hot.body)).toEqual({ error: null, data: { transcript_status: expect.any(Boolean), recording_status: expect.any(Boolean) } });
    expect(await hotPathAnswers(servers.hot)).toBe(before + 1);
    expect(await hotPathAnswers(servers.fastify)).toBe(0);
  });

  it('answers 304 to a poll that holds the current tag, 200 to one that holds an old tag', async () => {
    const current = (await servers.hot.get('/callStatus?roomName=standup', moderator)).headers.get('etag') ?? '';
    await servers.fastify.get('/callStatus?roomName=standup', moderator);
    const notModified = await both(servers, (s) => s.get('/callStatus?roomName=standup', moderator, { headers: { 'if-none-match': current } }));
    expect(notModified.hot).toEqual(notModified.fastify);
    expect(notModified.hot.status).toBe(304);
    expect(notModified.hot.body).toBe('');
    const old = await both(servers, (s) => s.get('/callStatus?roomName=standup', moderator, { headers: { 'if-none-match': '"an-old-tag"' } }));
    expect(old.hot).toEqual(old.fastify);
    expect(old.hot.status).toBe(200);
  });

  const refused: [string, () => Promise<string | undefined>, Record<string, string>][] = [
    ['no token', () => Promise.resolve(undefined), {}],
    ['a forged token', () => Promise.resolve('not.a.jwt'), {}],
    ['an expired token', () => servers.hot.token({ sub: 'late' }, { expiresIn: '-1m' }), {}],
    ['a participant of another room', () => servers.hot.token({ sub: 'pat', role: 'participant', rooms: ['proconf:other'] }), {}],
    ['a malformed Authorization header', () => Promise.resolve(undefined), { authorization: 'Basic abc' }],
  ];
  it.each(refused)('refuses %s exactly as the route does', async (_what, token, headers) => {
    const bearer = await token();
    for (let i = 0; i < 2; i += 1) {
      const answer = await both(servers, (s) => s.get('/callStatus?roomName=standup', bearer, { headers }));
      expect(answer.hot).toEqual(answer.fastify);
      expect([401, 403]).toContain(answer.hot.status);
    }
  });

  it.each(['/callStatus?roomName=..', '/callStatus?roomName=a%2Fb', '/callStatus?roomName=standup&roomName=x', '/callStatus?roomName=standup&x=1', '/callStatus'])(
    'answers %s as the route does',
    async (path) => {
      await both(servers, (s) => s.get('/callStatus?roomName=standup', moderator));
      const answer = await both(servers, (s) => s.get(path, moderator));
      expect(answer.hot).toEqual(answer.fastify);
    },
  );

  it('sends the last good answer with an Age header while ProCONF fails, as the route does', async () => {
    await both(servers, (s) => s.get('/callStatus?roomName=design-review', moderator));
    servers.hot.simulator?.setFault('proconf', { mode: 'error500' });
    servers.fastify.simulator?.setFault('proconf', { mode: 'error500' });
    // Once the status TTL has passed the cache serves the stale answer: wait until it does.
    const staleOn = async (server: TestServer) => {
      for (;;) {
        const res = await server.get('/callStatus?roomName=design-review', moderator);
        if (res.headers.get('age') !== null) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    await Promise.all([staleOn(servers.hot), staleOn(servers.fastify)]);
    const before = await hotPathAnswers(servers.hot);
    const stale = await both(servers, (s) => s.get('/callStatus?roomName=design-review', moderator));
    expect(stale.hot.status).toBe(200);
    expect(stale.hot.headers.age).toMatch(/^\d+$/);
    expect(stale.hot.body).toBe(stale.fastify.body);
    expect(Object.keys(stale.hot.headers).sort()).toEqual(Object.keys(stale.fastify.headers).sort());
    expect(await hotPathAnswers(servers.hot)).toBe(before + 1);
  });
});

describe('the hot path and the rate limit', () => {
  let servers: { hot: TestServer; fastify: TestServer };
  beforeAll(async () => {
    const limited = { ...BASE, RATE_LIMIT_USER_PER_MIN: '4', RATE_LIMIT_IP_PER_MIN: '4' };
    servers = { hot: await startTestServer(limited), fastify: await startTestServer(limited, undefined, { hotPath: false }) };
  });
  afterAll(async () => {
    await Promise.all([servers.hot.close(), servers.fastify.close()]);
  });

  it('counts hot-path answers in the same window: the fifth poll in a minute is 429 on both', async () => {
    const token = await servers.hot.token({ sub: 'busy-app' });
    const statuses = { hot: [] as number[], fastify: [] as number[] };
    for (let i = 0; i < 6; i += 1) {
      const answer = await both(servers, (s) => s.get('/callStatus?roomName=standup', token));
      statuses.hot.push(answer.hot.status);
      statuses.fastify.push(answer.fastify.status);
      if (answer.hot.status === 429) expect(answer.hot).toEqual(answer.fastify);
    }
    expect(statuses.hot).toEqual([200, 200, 200, 200, 429, 429]);
    expect(statuses.fastify).toEqual(statuses.hot);
  });
});

describe('when the hot path stands aside', () => {
  it('logs every poll’s request lines at LOG_LEVEL=info (Fastify answers them all)', async () => {
    const server = await startTestServer({ LOG_LEVEL: 'info', METRICS_PORT: '0' });
    try {
      const token = await server.token({ sub: 'logged' });
      for (let i = 0; i < 3; i += 1) expect((await server.get('/callStatus?roomName=standup', token)).status).toBe(200);
      const lines = server.logs().split('\n');
      expect(lines.filter((line) => line.includes('"url":"/callStatus"') && line.includes('incoming request'))).toHaveLength(3);
      expect(lines.filter((line) => line.includes('request completed'))).toHaveLength(3);
      expect(await hotPathAnswers(server)).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('leaves cross-origin deployments (CORS_ORIGINS) to Fastify and its CORS headers', async () => {
    const server = await startTestServer({ ...BASE, CORS_ORIGINS: 'https://web.proconf.example' });
    try {
      const token = await server.token({ sub: 'web' });
      for (let i = 0; i < 2; i += 1) {
        const res = await server.get('/callStatus?roomName=standup', token, { headers: { origin: 'https://web.proconf.example' } });
        expect(res.headers.get('access-control-allow-origin')).toBe('https://web.proconf.example');
      }
      expect(await hotPathAnswers(server)).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe('with history on (the watcher’s snapshot)', () => {
  const dirs = [historyEnv(), historyEnv()];
  let servers: { hot: TestServer; fastify: TestServer };
  beforeAll(async () => {
    servers = {
      hot: await startTestServer({ ...BASE, ...dirs[0]?.env }),
      fastify: await startTestServer({ ...BASE, ...dirs[1]?.env }, undefined, { hotPath: false }),
    };
  });
  afterAll(async () => {
    await Promise.all([servers.hot.close(), servers.fastify.close()]);
    for (const dir of dirs) dir.cleanup();
  });

  it('answers a watched room from the board with the route’s bytes', async () => {
    const moderator = await servers.hot.token({ sub: 'mod' });
    await both(servers, (s) => s.get('/callStatus?roomName=standup', moderator));
    const before = await hotPathAnswers(servers.hot);
    const watched = await both(servers, (s) => s.get('/callStatus?roomName=standup', moderator));
    expect(watched.hot.status).toBe(200);
    expect(watched.hot.body).toBe(watched.fastify.body);
    expect(watched.hot.headers).toEqual(watched.fastify.headers);
    expect(await hotPathAnswers(servers.hot)).toBe(before + 1);
  });
});
