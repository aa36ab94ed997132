import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { callSnapshotSchema, type CallSnapshot } from '../../src/contract/snapshot';
import { providerListSchema, roomListSchema } from '../../src/contract/dashboard';
import { envelopeSchema } from '../../src/contract/envelope';
import { loadConfig } from '../../server/config';
import { BUILTIN_VENDORS } from '../../server/providers/catalog';
import { defineVendor, missingVariables, type ProviderDeps } from '../../server/providers/vendorModule';
import type { Provider } from '../../server/providers/types';
import { ReadCache } from '../../server/upstream/cache';
import { failureForStatus, UpstreamClient } from '../../server/upstream/http';
import { startTestServer, testConfig, type TestServer } from './support';

/**
 * A fifth vendor written entirely in this file: "Hoot", whose admin API answers
 * `GET /rooms/:id` with `{ id, live, people }` to an `x-hoot-key` header and cannot list its
 * rooms. Nothing outside this file knows it; handing its module to loadConfig is all it takes.
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

const hootVendor = defineVendor({
  id: 'hoot',
  label: 'Hoot',
  capabilities: { catchUp: false, recording: false, transcription: false, participants: false, roomListing: false },
  envSchema: z.object({ HOOT_API_URL: z.url().optional(), HOOT_API_KEY: z.string().min(1).optional() }),
  fromEnv: (env) => {
    if (!env.HOOT_API_URL) return { ok: true, config: undefined, policy: {} };
    if (!env.HOOT_API_KEY) return { ok: false, problems: missingVariables({ HOOT_API_KEY: undefined }, 'Hoot (HOOT_API_URL)') };
    return { ok: true, config: { url: env.HOOT_API_URL, key: env.HOOT_API_KEY }, policy: {} };
  },
  policyDefaults: { ratePerSecond: 50, rateBurst: 5 },
  createProvider: (config: HootConfig, deps) => new HootProvider(config, deps),
  simulator: {
    create: () => {
      const world = { rooms: new Map([['lobby', { id: 'lobby', live: true, people: 3 }]]) };
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
  },
});

const vendors = [...BUILTIN_VENDORS, hootVendor];

let server: TestServer;
let moderator: string;
beforeAll(async () => {
  server = await startTestServer({}, testConfig({ UPSTREAM_POLICY: '{"hoot":{"staleIfErrorMs":1000}}' }, vendors));
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
