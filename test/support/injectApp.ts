import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { CallSnapshot } from '../../src/contract/snapshot';
import type { ProviderInfo } from '../../src/contract/dashboard';
import type { ProviderId } from '../../src/contract/ids';
import type { RoomRef } from '../../src/contract/roomAccess';
import { buildApp } from '../../server/app';
import { createLogger } from '../../server/logger';
import type { ProviderSet } from '../../server/providers/registry';
import type { Provider } from '../../server/providers/types';
import { signToken, testConfig, TEST_SECRET } from './support';

/**
 * Route-level tests without ports, vendors or a simulator: the real app (buildApp: hooks, plugins,
 * error contracts) in front of fake providers, driven by `inject`. Upstream and end-to-end
 * behaviour stays with the loopback + simulator suites.
 */

export function snapshotOf(room: RoomRef, overrides: Partial<CallSnapshot> = {}): CallSnapshot {
  return {
    provider: room.provider,
    callId: room.callId,
    state: 'active',
    media: null,
    recording: 'off',
    transcription: 'off',
    participants: [],
    activeParticipants: 0,
    startedAt: '2026-11-21T14:00:00.000Z',
    endedAt: null,
    observedAt: new Date().toISOString(),
    stale: false,
    ...overrides,
  };
}

/** A provider that answers from memory; pass overrides to make it fail or list rooms. */
export function fakeProvider(id: ProviderId, overrides: Partial<Provider> = {}): Provider {
  const info: ProviderInfo = {
    id,
    label: `Fake ${id}`,
    source: 'upstream',
    capabilities: { catchUp: true, recording: true, transcription: true, participants: true, roomListing: false },
  };
  const provider: Provider = {
    id,
    info,
    getSnapshot: async (callId) => snapshotOf({ provider: id, callId }),
    getCatchUp: async () => ({ text: `Catch-up of a ${id} call.`, updatedAt: '2026-11-21T14:05:00.000Z' }),
    breakerState: () => 'closed',
    close: async () => {},
    ...overrides,
  };
  return provider;
}

export interface InjectedApp {
  app: FastifyInstance;
  /** A GET with an optional bearer token. */
  get(url: string, token?: string, options?: Omit<InjectOptions, 'url'>): Promise<LightMyRequestResponse>;
  token: typeof signToken;
}

export async function injectApp(
  providers: Provider[],
  options: { env?: Record<string, string>; watchRooms?: RoomRef[] } = {},
): Promise<InjectedApp> {
  const set: ProviderSet = {
    all: () => providers,
    get: (id) => providers.find((provider) => provider.id === id),
    proconf: undefined,
    close: async () => {},
  };
  const app = await buildApp(testConfig(options.env), {
    providers: set,
    localSecret: new TextEncoder().encode(TEST_SECRET),
    logger: createLogger('silent'),
    ...(options.watchRooms ? { watchRooms: options.watchRooms } : {}),
  });
  return {
    app,
    token: signToken,
    get: (url, token, init = {}) =>
      app.inject({ ...init, url, headers: { ...init.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } }),
  };
}
