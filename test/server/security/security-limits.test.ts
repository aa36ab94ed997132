import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../../server/start';
import { BODY_LIMIT_BYTES, MAX_HEADER_BYTES, MAX_URL_LENGTH } from '../../../server/security/limits';
import { bearer, expectError, moderator, startTestServer } from '../../support/security/server';

let server: Running;
const HEADERS_TIMEOUT_MS = 400;

beforeAll(async () => {
  server = await startTestServer({ HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS), REQUEST_TIMEOUT_MS: '1000' });
});
afterAll(async () => {
  await server?.close();
});

/** Writes raw bytes to the server and collects everything it answers until it closes the socket. */
function raw(chunks: string[], { gapMs = 0 } = {}): Promise<{ text: string; ms: number }> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    socket.on('data', (d) => (text += d.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve({ text, ms: Date.now() - started }));
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        socket.write(chunk);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}

function envelopeOf(text: string): unknown {
  return JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));
}

describe('size limits', () => {
  it('refuses oversized headers with 431 in the envelope', async () => {
    const { text } = await raw([`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(MAX_HEADER_BYTES + 10)}\r\n\r\n`]);
    expect(text).toMatch(/^HTTP\/1\.1 431 /);
    expect(envelopeOf(text)).toEqual({ data: null, error: { code: 431, message: 'Request headers too large' } });
  });

  it('refuses overlong URLs with 414', async () => {
    const res = await server.app.inject({ url: `/callStatus?roomName=standup&x=${'a'.repeat(MAX_URL_LENGTH)}`, headers: bearer(await moderator()) });
    expectError(res, 414);
  });

  it('refuses bodies over the limit with 413 and non-JSON bodies with 415', async () => {
    const headers = { ...bearer(await moderator()), 'content-type': 'application/json' };
    const big = await server.app.inject({
      method: 'POST',
      url: '/api/share-links',
      headers,
      payload: JSON.stringify({ provider: 'proconf', callId: 'standup', pad: 'x'.repeat(BODY_LIMIT_BYTES) }),
    });
    expectError(big, 413);
    const text = await server.app.inject({ method: 'POST', url: '/api/share-links', headers: { ...headers, 'content-type': 'text/plain' }, payload: '{}' });
    expectError(text, 415);
    const broken = await server.app.inject({ method: 'POST', url: '/api/share-links', headers, payload: '{"provider":' });
    expectError(broken, 400);
    const poisoned = await server.app.inject({ method: 'POST', url: '/auth/session', headers, payload: '{"__proto__":{"x":1},"token":"a"}' });
    expectError(poisoned, 400);
  });
});

describe('time limits', () => {
  it('drops a client that trickles its headers (slowloris) after the headers timeout', async () => {
    const { text, ms } = await raw(['GET /healthz HTTP/1.1\r\n', 'Host: x\r\n', 'X-A: 1\r\n', 'X-B: 2\r\n', 'X-C: 3\r\n', 'X-D: 4\r\n'], { gapMs: 300 });
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(envelopeOf(text)).toEqual({ data: null, error: { code: 408, message: 'Request timeout' } });
    expect(ms).toBeLessThan(HEADERS_TIMEOUT_MS + 2000);
  });

  it('drops a client that never finishes its body', async () => {
    const { text, ms } = await raw([
      'POST /auth/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"tok',
    ]);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeLessThan(1000 + 2000);
  });

  it('still answers a normal request promptly', async () => {
    const { text } = await raw(['GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
  });
});
