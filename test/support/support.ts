import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { SignJWT } from 'jose';
import { loadConfig, type Config } from '../../server/config';
import type { VendorModule } from '../../server/providers/vendorModule';
import { startRoomwatch, type Running, type StartOptions } from '../../server/start';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface TestServer extends Running {
  /** Everything the server logged, for assertions about secrets. */
  logs(): string;
  token(claims: { sub?: string; role?: 'moderator' | 'participant'; rooms?: string[] }, options?: { expiresIn?: string; secret?: string }): Promise<string>;
  get(path: string, token?: string, init?: RequestInit): Promise<Response>;
}

/**
 * The test deployment's config: `env` over the defaults below. A variable set to '' is left out,
 * so a test can unset a default (e.g. AUTH_JWT_SECRET for JWKS mode).
 */
export function testConfig(env: Record<string, string> = {}, vendors?: readonly VendorModule[]): Config {
  const merged: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    SIMULATOR_PORT: '0',
    LOG_LEVEL: 'info',
    AUTH_JWT_SECRET: TEST_SECRET,
    // History writes a store; suites that test it turn it on with a temp DATA_DIR (historyEnv()).
    HISTORY: 'off',
    ...env,
  };
  const loaded = loadConfig(Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== '')), vendors);
  if (!loaded.ok) throw new Error(`bad test config: ${loaded.problems.join('; ')}`);
  return loaded.config;
}

export function signToken(
  claims: { sub?: string; role?: string; rooms?: string[] },
  options: { expiresIn?: string; secret?: string } = {},
): Promise<string> {
  return new SignJWT({ role: claims.role ?? 'moderator', ...(claims.rooms ? { rooms: claims.rooms } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub ?? 'tester')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10m')
    .sign(new TextEncoder().encode(options.secret ?? TEST_SECRET));
}

/** The real BFF and simulator on loopback ports, the scenario clock frozen so state only changes when a test says so. */
export async function startTestServer(env: Record<string, string> = {}, config?: Config, options: Pick<StartOptions, 'hotPath'> = {}): Promise<TestServer> {
  let logs = '';
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs += chunk.toString();
      done();
    },
  });
  const running = await startRoomwatch(config ?? testConfig(env), { simulatorTickMs: 0, logStream, ...options });
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

/** History on, in a SQLite file in a fresh temp dir; `cleanup()` removes the dir after the server closed. */
export function historyEnv(extra: Record<string, string> = {}): { env: Record<string, string>; dataDir: string; cleanup(): void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'roomwatch-history-'));
  return {
    env: { HISTORY: 'on', DATA_DIR: dataDir, ...extra },
    dataDir,
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
