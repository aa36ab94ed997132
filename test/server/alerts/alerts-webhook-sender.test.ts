import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertWebhookBody } from '../../../src/contract/alerts';
import { verifySignature } from '../../../server/alerts/signature';
import { sendWebhook } from '../../../server/alerts/webhookSender';

const SECRET = 'sender-test-secret-0123456789';
let server: Server;
let port: number;
const seen: { host: string | undefined; auth: string | undefined; raw: string; signature: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      seen.push({ host: req.headers.host, auth: req.headers.authorization, raw, signature: String(req.headers['x-roomwatch-signature']) });
      res.writeHead(req.url === '/redirect' ? 302 : 204, req.url === '/redirect' ? { location: 'http://169.254.169.254/' } : {}).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const body: AlertWebhookBody = {
  type: 'alert.opened',
  alert: { id: 'a', ruleId: 'r', provider: 'proconf', callId: 'standup', kind: 'recording.stopped', openedAt: '2026-11-21T14:05:00.000Z', resolvedAt: null, deliveries: [] },
  text: 'Recording stopped.',
};

describe('sending one webhook', () => {
  it('connects to the address that was checked, not to whatever the name resolves to later', async () => {
    // `hooks.invalid` resolves nowhere in DNS: the request can only arrive if the connection is pinned.
    const resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const outcome = await sendWebhook(`http://user:p%40ss@hooks.invalid:${port}/in`, 'd-1', body, { secret: SECRET, allow: ['hooks.invalid'], timeoutMs: 2000, resolver }, new Date());
    expect(outcome).toEqual({ ok: true, status: 'HTTP 204', retry: false });
    const last = seen.at(-1)!;
    expect(last.host).toBe(`hooks.invalid:${port}`);
    expect(last.auth).toBe(`Basic ${Buffer.from('user:p@ss').toString('base64')}`);
    expect(verifySignature(SECRET, last.raw, last.signature, Math.floor(Date.now() / 1000))).toBe(true);
  });

  it('refuses, without connecting, a public name that resolves to a private address', async () => {
    const before = seen.length;
    const resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    const outcome = await sendWebhook(`https://hooks.example.com:${port}/in`, 'd-2', body, { secret: SECRET, allow: [], timeoutMs: 2000, resolver }, new Date());
    expect(outcome.ok).toBe(false);
    expect(outcome.retry).toBe(false);
    expect(outcome.status).toMatch(/^refused: .*resolves to a private/);
    expect(seen.length).toBe(before);
  });

  it('does not follow a redirect', async () => {
    const outcome = await sendWebhook(`http://127.0.0.1:${port}/redirect`, 'd-3', body, { secret: SECRET, allow: ['127.0.0.1'], timeoutMs: 2000 }, new Date());
    expect(outcome).toEqual({ ok: false, status: 'HTTP 302', retry: false });
  });
});
