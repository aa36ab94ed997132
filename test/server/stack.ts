import { PassThrough } from 'node:stream';
import { SignJWT } from 'jose';
import { loadConfig } from '../../server/config';
import { startRoomwatch, type Running } from '../../server/start';
import { startSimulator, type Simulator } from '../../server/simulator';

export const SECRET = 'integration-test-secret-0123456789abcdef';

export interface Stack {
  running: Running;
  /** The simulator the BFF talks to (its own, or a shared one for wrong-credential stacks). */
  simulator: Simulator;
  /** Everything the BFF logged (pino JSON lines). */
  logs(): string;
  /** GET with a moderator token, or with `token` when given. */
  get(path: string, token?: string): Promise<{ status: number; headers: Headers; text: string; json: unknown }>;
  close(): Promise<void>;
}

export async function tokenFor(role: 'moderator' | 'participant', rooms?: string[]): Promise<string> {
  return new SignJWT({ role, ...(rooms ? { rooms } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(`test-${role}`)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(SECRET));
}

async function wrap(running: Running, simulator: Simulator, logs: () => string, extraClose?: () => Promise<void>): Promise<Stack> {
  const moderator = await tokenFor('moderator');
  return {
    running,
    simulator,
    logs,
    async get(path, token = moderator) {
      const res = await fetch(`${running.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, text, json };
    },
    async close() {
      await running.close();
      await extraClose?.();
    },
  };
}

function logCapture(): { stream: PassThrough; read: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, read: () => text };
}

/** BFF plus its embedded simulator on free loopback ports, the world frozen (tests step it). */
export async function startStack(): Promise<Stack> {
  const loaded = loadConfig({ PORT: '0', SIMULATOR_PORT: '0', LOG_LEVEL: 'warn', AUTH_JWT_SECRET: SECRET });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const capture = logCapture();
  const running = await startRoomwatch(loaded.config, { simulatorTickMs: 0, logStream: capture.stream });
  if (!running.simulator) throw new Error('expected the embedded simulator');
  return wrap(running, running.simulator, capture.read);
}

/**
 * A BFF configured "for real" (SIMULATOR=off) through the environment, pointed at a running
 * simulator; `env` overrides let a test hand it a wrong credential.
 */
export async function startAgainst(simulator: Simulator, env: Record<string, string>): Promise<Stack> {
  const loaded = loadConfig({ PORT: '0', LOG_LEVEL: 'warn', AUTH_JWT_SECRET: SECRET, SIMULATOR: 'off', ...env });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const capture = logCapture();
  const running = await startRoomwatch(loaded.config, { logStream: capture.stream });
  return wrap(running, simulator, capture.read);
}

/** A simulator alone, frozen, for stacks that start their BFF with startAgainst. */
export function startFrozenSimulator(): Promise<Simulator> {
  return startSimulator({ tickMs: 0, start: new Date('2026-01-01T12:00:00.000Z') });
}

export const ERROR_BODY = (code: number, message: string) => ({ data: null, error: { code, message } });
