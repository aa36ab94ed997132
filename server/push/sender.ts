import { request } from 'undici';
import type { BasicCredentials } from './basicAuth';
import { bandwidthCallbackHeaders } from './bandwidth/sign';
import { cometChatWebhookHeaders } from './cometchat/sign';
import { tencentCallbackHeaders } from './tencent/sign';
import type { TencentCallbackSecret } from './tencent/verify';

/** How the simulator authenticates what it sends: the same secret the receiver checks. */
export type WebhookAuth =
  | { provider: 'bandwidth'; credentials: BasicCredentials }
  | { provider: 'cometchat'; credentials: BasicCredentials }
  | { provider: 'tencent'; secret: TencentCallbackSecret };

export interface SendResult {
  status: number;
}

/**
 * Sends one webhook the way the vendor would: the body serialised once, signed over exactly
 * those bytes, and POSTed. `bodyText` lets a test send bytes of its own (pretty-printed,
 * altered after signing). Answers the receiver's status; network failures reject, and retrying
 * is the caller's choice (vendors retry; a test usually wants to see the first answer).
 */
export async function sendWebhook(
  url: string,
  auth: WebhookAuth,
  body: unknown,
  options: { bodyText?: string; timeoutMs?: number } = {},
): Promise<SendResult> {
  const raw = Buffer.from(options.bodyText ?? JSON.stringify(body));
  const headers =
    auth.provider === 'tencent'
      ? tencentCallbackHeaders(raw, auth.secret)
      : auth.provider === 'bandwidth'
        ? bandwidthCallbackHeaders(auth.credentials)
        : cometChatWebhookHeaders(auth.credentials);
  const timeout = options.timeoutMs ?? 5_000;
  const response = await request(url, {
    method: 'POST',
    headers,
    body: raw,
    headersTimeout: timeout,
    bodyTimeout: timeout,
  });
  // Drain the answer so the connection can be reused.
  await response.body.dump();
  return { status: response.statusCode };
}
