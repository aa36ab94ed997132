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
