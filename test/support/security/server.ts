import { Writable } from 'node:stream';
import { SignJWT } from 'jose';
import { expect } from 'vitest';
import { errorEnvelopeSchema } from '../../../src/contract/envelope';
import type { Config } from '../../../server/config';
import { TEST_SECRET, testConfig as baseTestConfig } from '../support';
import { startRoomwatch, type Running } from '../../../server/start';

export { TEST_SECRET } from '../support';

/** `env` over the shared test defaults, quiet: these tests capture logs only where they say so. */
export function testConfig(env: Record<string, string> = {}): Config {
  return baseTestConfig({ LOG_LEVEL: 'silent', ...env });
}

/** The real BFF and simulator on loopback ports, frozen scenario, no UI build (JSON 404s everywhere). */
export function startTestServer(env: Record<string, string> = {}, logStream?: NodeJS.WritableStream): Promise<Running> {
  return startRoomwatch(testConfig(env), {
    simulatorTickMs: 0,
    distDir: '/nonexistent-dist',
    ...(logStream ? { logStream } : {}),
  });
}

export interface TokenOptions {
  secret?: string | Uint8Array;
  expiresInSeconds?: number;
  issuer?: string;
  audience?: string;
}

/** An HS256 token as a configured identity provider sharing AUTH_JWT_SECRET would issue it. */
export function signToken(claims: Record<string, unknown>, options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresInSeconds ?? 3600));
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  const secret = options.secret ?? TEST_SECRET;
  return jwt.sign(typeof secret === 'string' ? new TextEncoder().encode(secret) : secret);
}

export const moderator = (sub = 'mod-1', rooms?: string[]) => signToken({ sub, role: 'moderator', ...(rooms ? { rooms } : {}) });
export const participant = (sub: string, rooms: string[]) => signToken({ sub, role: 'participant', rooms });

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

interface InjectedResponse {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/** Asserts the answer is the BFF's error envelope with `status`, and returns its message. */
export function expectError(res: InjectedResponse, status: number): string {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
  const body = errorEnvelopeSchema.parse(JSON.parse(res.body));
  expect(body.error.code).toBe(status);
  return body.error.message;
}

/** A log sink for pino: everything written, as one string. */
export function captureLog(): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}
