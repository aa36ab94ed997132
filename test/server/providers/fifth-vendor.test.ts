import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { callSnapshotSchema, type CallSnapshot } from '../../../src/contract/snapshot';
import { providerListSchema, roomListSchema } from '../../../src/contract/dashboard';
import { envelopeSchema } from '../../../src/contract/envelope';
import { historyPageSchema, type RoomEvent } from '../../../src/contract/history';
import { callIdSchema } from '../../../src/contract/ids';
import { loadConfig } from '../../../server/config';
import { BUILTIN_VENDORS } from '../../../server/providers/catalog';
import { defineVendor, missingVariables, type ProviderDeps } from '../../../server/providers/vendorModule';
import type { Provider } from '../../../server/providers/types';
import { constantTimeEqual } from '../../../server/providers/webhooks/constantTime';
import { definePush } from '../../../server/providers/webhooks/vendorPush';
import { sendWebhook, webhookSigner } from '../../../server/push/sender';
import { BUILTIN_SIMULATORS } from '../../../server/simulator/catalog';
import type { VendorSimulatorSpec } from '../../../server/simulator/types';
import { startRoomwatch } from '../../../server/start';
import { ReadCache } from '../../../server/upstream/cache';
import { failureForStatus, UpstreamClient } from '../../../server/upstream/http';
import { historyEnv, signToken, testConfig, type TestServer } from '../../support/support';

/**
 * A fifth vendor written entirely in this file: "Hoot", whose admin API answers
 * `GET /rooms/:id` with `{ id, live, people }` to an `x-hoot-key` header and cannot list its
 * rooms, and which calls back on `/hooks/hoot` with an HMAC of the body in `x-hoot-signature`.
 * Nothing outside this file knows it: its module goes to loadConfig, its simulator to
 * startRoomwatch, and that is all it takes.
 */
interface HootConfig {
  url: string;
  key: string;
}

const hootRoomSchema = z.object({ id: z.string(), live: z.boolean(), people: z.number().int().nonnegative() });
type HootRoom = z.infer<typeof hootRoomSchema>;

class HootProvider implements Provider {
  readonly id: string;
  readonly info: ProviderDeps['info'];
  private readonly http: UpstreamClient;
  private readonly rooms: ReadCache<HootRoom>;

  constructor(config: HootConfig, deps: ProviderDeps) {
    this.id = deps.info.id;
    this.info = deps.info;
    this.http = new UpstreamClient({
      provider: deps.info.id,
      baseUrl: config.url,
      policy: deps.policy,
      logger: deps.logger,
      defaultHeaders: () => ({ 'x-hoot-key': config.key }),
    });
    this.rooms = new ReadCache<HootRoom>({ ttlMs: 1000, policy: deps.policy, resource: 'status' });
  }

  /** A webhook said the room changed: the next read asks Hoot. */
  invalidate(callId: string): void {
    this.rooms.invalidate(callId);
  }

  async getSnapshot(callId: string): Promise<CallSnapshot> {
    const observed = await this.rooms.read(callId, () =>
      this.http.requestJson({ op: 'room', path: ['rooms', callId] }, hootRoomSchema, (res) => failureForStatus(this.id, res)),
    );
    const room = observed.value;
    return {
      provider: this.id,
      callId,
      state: room.live ? 'active' : 'ended',
      media: null,
      recording: 'unknown',
      transcription: 'unknown',
      participants: null,
      activeParticipants: room.people,
      startedAt: null,
      endedAt: null,
      observedAt: observed.observedAt.toISOString(),
      stale: observed.stale,
    };
  }

  breakerState() {
    return this.http.breakerState();
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

/** Hoot's callbacks: `{ event, room, live, at }`, one per change, signed over the body's bytes. */
const hootHookSchema = z.object({ event: z.string().min(1).max(128), room: z.string(), live: z.boolean(), at: z.iso.datetime() });
type HootHook = z.infer<typeof hootHookSchema>;
const hootSignature = (raw: Uint8Array, secret: string) => createHmac('sha256', secret).update(raw).digest('hex');

const hootPush = definePush({
  fields: { recording: false, transcription: false, participants: false, state: true },
  verify: ({ headers, raw }, secret: string) => {
    const given = headers['x-hoot-signature'];
    if (typeof given !== 'string') return { ok: false, reason: 'missing' };
    return constantTimeEqual(given, hootSignature(raw, secret)) ? { ok: true } : { ok: false, reason: 'mismatch' };
  },
  schema: hootHookSchema,
  map: (hook: HootHook) =>
    callIdSchema.safeParse(hook.room).success
      ? {
          provider: 'hoot',
          deliveryId: `hoot:${hook.event}`,
          events: [{ provider: 'hoot', callId: hook.room, idKind: 'call', eventId: hook.event, at: hook.at, kind: 'state', to: hook.live ? 'active' : 'ended' }],
        }
      : null,
  sign: (raw, secret) => ({ 'content-type': 'application/json', 'x-hoot-signature': hootSignature(raw, secret) }),
});

const hootVendor = defineVendor({
  id: 'hoot',
  label: 'Hoot',
  capabilities: { catchUp: false, recording: false, transcription: false, participants: false, roomListing: false },
  envSchema: z.object({
    HOOT_API_URL: z.url().optional(),
    HOOT_API_KEY: z.string().min(1).optional(),
    HOOT_WEBHOOK_SECRET: z.string().min(16).optional(),
  }),
  fromEnv: (env) => {
    const push = env.HOOT_WEBHOOK_SECRET ? { push: env.HOOT_WEBHOOK_SECRET } : {};
    if (!env.HOOT_API_URL) return { ok: true, config: undefined, policy: {}, ...push };
    if (!env.HOOT_API_KEY) return { ok: false, problems: missingVariables({ HOOT_API_KEY: undefined }, 'Hoot (HOOT_API_URL)') };
    return { ok: true, config: { url: env.HOOT_API_URL, key: env.HOOT_API_KEY }, policy: {}, ...push };
  },
  policyDefaults: { ratePerSecond: 50, rateBurst: 5 },
  createProvider: (config: HootConfig, deps) => new HootProvider(config, deps),
  push: hootPush,
});

interface HootWorld {
  rooms: Map<string, HootRoom>;
}
const hootWorld = (): HootWorld => ({ rooms: new Map([['lobby', { id: 'lobby', live: true, people: 3 }]]) });

/** Hoot's fake over `world`, attached where the app is wired (startRoomwatch), not by its module. */
const hootSimulator = (world: HootWorld): VendorSimulatorSpec<HootConfig> => ({
  create: () => {
    const key = 'hoot-test-key';
    return {
      vendor: 'hoot',
      prefix: '/hoot',
      world,
      register(app: FastifyInstance) {
        app.get<{ Params: { id: string } }>('/rooms/:id', async (request, reply) => {
          if (request.headers['x-hoot-key'] !== key) return reply.code(401).send({ error: 'who?' });
          const room = world.rooms.get(request.params.id);
          return room ?? reply.code(404).send({ error: 'no such room' });
        });
      },
      tick() {},
      sendRateLimited: (reply: FastifyReply) => void reply.code(429).send({ error: 'slow down' }),
      sendServerError: (reply: FastifyReply) => void reply.code(500).send({ error: 'oops' }),
      bffConfig: (origin: string): HootConfig => ({ url: `${origin}/hoot`, key }),
      demoCalls: () => ['lobby'],
    };
  },
});

const vendors = [...BUILTIN_VENDORS, hootVendor];

/** The real BFF and simulator, as startTestServer starts them, with Hoot's simulator attached. */
async function startWithHoot(env: Record<string, string>, world = hootWorld()): Promise<TestServer> {
  const simulators = { ...BUILTIN_SIMULATORS, hoot: hootSimulator(world) };
  let logs = '';
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs += chunk.toString();
      done();
    },
  });
  const running = await startRoomwatch(testConfig(env, vendors), { simulatorTickMs: 0, logStream, simulators });
  return {
    ...running,
    logs: () => logs,
    token: signToken,
    get(path, token, init = {}) {
      const headers = new Headers(init.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      return fetch(`${running.url}${path}`, { ...init, headers });
    },
  };
}

let server: TestServer;
let moderator: string;
beforeAll(async () => {
  server = await startWithHoot({ UPSTREAM_POLICY: '{"hoot":{"staleIfErrorMs":1000}}' });
  moderator = await server.token({ role: 'moderator' });
});
afterAll(async () => {
  await server?.close();
});

async function data<T>(res: Response, schema: z.ZodType<T>): Promise<T> {
  expect(res.status).toBe(200);
  return envelopeSchema(schema).parse(await res.json()).data;
}

describe('a fifth vendor defined as a module, with no other file changed', () => {
  it('is listed by GET /api/providers next to the built-in four, on its simulator', async () => {
    const providers = await data(await server.get('/api/providers', moderator), providerListSchema);
    expect(providers.map((p) => p.id)).toEqual(['proconf', 'bandwidth', 'cometchat', 'tencent', 'hoot']);
    expect(providers.at(-1)).toEqual({
      id: 'hoot',
      label: 'Hoot',
      source: 'simulator',
      capabilities: { catchUp: false, recording: false, transcription: false, participants: false, roomListing: false },
      listing: null,
    });
  });

  it('answers GET /api/calls/hoot/<callId> from its own simulated API, and 404s an unknown room', async () => {
    const before = server.simulator?.requests.count('hoot') ?? 0;
    const snapshot = await data(await server.get('/api/calls/hoot/lobby', moderator), callSnapshotSchema);
    expect(snapshot).toMatchObject({ provider: 'hoot', callId: 'lobby', state: 'active', activeParticipants: 3, stale: false });
    expect((server.simulator?.requests.count('hoot') ?? 0) - before).toBe(1);
    expect((await server.get('/api/calls/hoot/attic', moderator)).status).toBe(404);
  });

  it('pins its demo call on the overview, since it cannot list rooms', async () => {
    const rooms = await data(await server.get('/api/rooms', moderator), roomListSchema);
    expect(rooms.filter((r) => r.provider === 'hoot').map((r) => r.callId)).toEqual(['lobby']);
  });

  it('has its variables, WATCH_ROOMS entries and UPSTREAM_POLICY entry checked only when it is in the list', () => {
    const missing = loadConfig({ HOOT_API_URL: 'https://hoot.example.com/admin' }, vendors);
    expect(!missing.ok && missing.problems).toEqual(['HOOT_API_KEY: required when Hoot (HOOT_API_URL) is configured']);
    const real = loadConfig({ HOOT_API_URL: 'https://hoot.example.com/admin', HOOT_API_KEY: 'k', WATCH_ROOMS: 'hoot:lobby' }, vendors);
    expect(real.ok && real.config.vendors.hoot).toEqual({ url: 'https://hoot.example.com/admin', key: 'k' });
    expect(real.ok && real.config.watchRooms).toEqual([{ provider: 'hoot', callId: 'lobby' }]);
    expect(loadConfig({ WATCH_ROOMS: 'hoot:lobby' }).ok).toBe(false);
    expect(loadConfig({ UPSTREAM_POLICY: '{"hoot":{"maxInFlight":2}}' }).ok).toBe(false);
  });
});

describe('the fifth vendor calls back', () => {
  const secret = 'hoot-webhook-secret-0123456789';
  const store = historyEnv({
    HOOT_WEBHOOK_SECRET: secret,
    // Cached reads live a minute: the watcher's polls cannot see the change before then, so a
    // change in the history sooner came by webhook.
    UPSTREAM_STATUS_TTL_MS: '60000',
  });
  const world = hootWorld();
  let pushed: TestServer;
  let token: string;
  beforeAll(async () => {
    pushed = await startWithHoot(store.env, world);
    token = await pushed.token({ role: 'moderator' });
  });
  afterAll(async () => {
    await pushed?.close();
    store.cleanup();
  });

  async function history(): Promise<RoomEvent[]> {
    return (await data(await pushed.get('/api/calls/hoot/lobby/history', token), historyPageSchema)).events;
  }

  it('takes a signed webhook on /hooks/hoot into the room history at once, and refuses a forged one', async () => {
    const deadline = Date.now() + 10_000;
    while (!(await history()).some((e) => e.kind === 'watch.started') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await history()).filter((e) => e.kind === 'watch.started')).toHaveLength(1);

    world.rooms.set('lobby', { id: 'lobby', live: false, people: 0 });

    const hook = `${pushed.url}/hooks/hoot`;
    const forged = webhookSigner(hootPush, 'not-the-secret-0123456789');
    const body = { event: 'e-1', room: 'lobby', live: false, at: new Date().toISOString() };
    expect((await sendWebhook(hook, forged, body)).status).toBe(401);
    expect((await history()).some((e) => e.kind === 'state')).toBe(false);

    // No waiting: the 200 comes after the room was read again and its history written.
    expect((await sendWebhook(hook, webhookSigner(hootPush, secret), body)).status).toBe(200);
    const states = (await history()).filter((e) => e.kind === 'state');
    expect(states).toMatchObject([{ kind: 'state', from: 'active', to: 'ended' }]);

    const providers = await data(await pushed.get('/api/providers', token), providerListSchema);
    expect(providers.find((p) => p.id === 'hoot')?.capabilities.push).toEqual({
      recording: false,
      transcription: false,
      participants: false,
      state: true,
    });
  });
});
