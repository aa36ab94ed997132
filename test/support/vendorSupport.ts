import { afterAll, afterEach, beforeAll } from 'vitest';
import { callSnapshotSchema, type CallSnapshot } from '../../src/contract/snapshot';
import type { Simulator } from '../../server/simulator';
import { startTestServer, type TestServer } from './support';

/** Shared bits of the vendor integration tests (bandwidth, cometchat and tencent .test.ts). */

export interface ReadResponse {
  status: number;
  headers: Headers;
  /** The raw body, for "no vendor text leaked" assertions. */
  text: string;
  json: unknown;
}

export async function read(res: Response): Promise<ReadResponse> {
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function simulatorOf(server: TestServer): Simulator {
  if (!server.simulator) throw new Error('expected the embedded simulator');
  return server.simulator;
}

/**
 * A BFF configured "for real" through the environment (SIMULATOR=off), pointed at another
 * server's simulator: how a test hands it a wrong credential.
 */
export function startAgainst(env: Record<string, string>): Promise<TestServer> {
  return startTestServer({ SIMULATOR: 'off', ...env });
}

export const errorBody = (code: number, message: string) => ({ data: null, error: { code, message } });

export interface VendorTestBed {
  server: TestServer;
  sim: Simulator;
  moderator: string;
}

/**
 * One BFF with the embedded simulators for a vendor test file, faults cleared after each test.
 * Adapter tests fail the vendor on purpose, so the breaker (tested in upstream-breaker.test.ts)
 * is set aside unless `env` says otherwise.
 */
export function useVendorTestBed(env: Record<string, string>, ready: (bed: VendorTestBed) => void): void {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer({ UPSTREAM_BREAKER_FAILURES: '1000', ...env });
    ready({ server, sim: simulatorOf(server), moderator: await server.token({ role: 'moderator' }) });
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(() => {
    server?.simulator?.clearFaults();
  });
}

/** The CallSnapshot inside a success envelope. */
export const snapshotIn = (json: unknown): CallSnapshot => callSnapshotSchema.parse((json as { data: unknown }).data);
