import type { LookupAddress, LookupOptions } from 'node:dns';
import { Agent, request } from 'undici';
import type { AlertWebhookBody } from '../../src/contract/alerts';
import { signatureHeader } from './signature';
import { resolveWebhookTarget, WebhookUrlError, type Resolver } from './webhookUrl';

export interface SendOutcome {
  ok: boolean;
  /** Shown to moderators: `HTTP 200`, `timeout`, `connection failed`, or why the URL was refused. */
  status: string;
  /** Worth trying again (network, timeout, 5xx, 429); a refused URL or a 4xx is not. */
  retry: boolean;
}

export interface SenderOptions {
  secret: string;
  allow: readonly string[];
  timeoutMs: number;
  resolver?: Resolver;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * One signed POST. The name is resolved and checked here, and the connection pinned to the
 * checked address (undici's connect `lookup`), so a name that rebinds to a private address
 * between the check and the connect cannot be followed. Redirects are not followed.
 */
export async function sendWebhook(rawUrl: string, deliveryId: string, body: AlertWebhookBody, options: SenderOptions, now: Date): Promise<SendOutcome> {
  let target;
  try {
    target = await resolveWebhookTarget(rawUrl, options.allow, options.resolver);
  } catch (error) {
    if (error instanceof WebhookUrlError) return { ok: false, status: `refused: ${error.publicMessage}`, retry: false };
    throw error;
  }
  const pinned = (_host: string, opts: LookupOptions, callback: LookupCallback) => {
    if (opts.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const agent = new Agent({ connect: { lookup: pinned, timeout: options.timeoutMs }, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
  const raw = JSON.stringify(body);
  const url = new URL(target.url);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'roomwatch-alerts',
    'x-roomwatch-delivery': deliveryId,
    'x-roomwatch-signature': signatureHeader(options.secret, raw, Math.floor(now.getTime() / 1000)),
  };
  if (url.username || url.password) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  try {
    const answer = await request(url, { method: 'POST', headers, body: raw, dispatcher: agent, signal: AbortSignal.timeout(options.timeoutMs) });
    await answer.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
    const code = answer.statusCode;
    if (code >= 200 && code < 300) return { ok: true, status: `HTTP ${code}`, retry: false };
    return { ok: false, status: `HTTP ${code}`, retry: code >= 500 || code === 429 || code === 408 };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    const timedOut = name === 'TimeoutError' || name === 'AbortError' || /Timeout/.test(name);
    return { ok: false, status: timedOut ? 'timeout' : 'connection failed', retry: true };
  } finally {
    agent.destroy().catch(() => undefined);
  }
}
