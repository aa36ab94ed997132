import { request } from 'undici';
import type { VendorPush, WebhookHeaders } from '../providers/webhooks/vendorPush';

/** How one webhook body is signed: a vendor's `sign` with one secret, the one its receiver checks. */
export type WebhookSigner = (raw: Uint8Array) => WebhookHeaders;

export function webhookSigner<Secret>(push: VendorPush<Secret>, secret: Secret): WebhookSigner {
  return (raw) => push.sign(raw, secret);
}

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
  sign: WebhookSigner,
  body: unknown,
  options: { bodyText?: string; timeoutMs?: number } = {},
): Promise<SendResult> {
  const raw = Buffer.from(options.bodyText ?? JSON.stringify(body));
  const timeout = options.timeoutMs ?? 5_000;
  const response = await request(url, {
    method: 'POST',
    headers: sign(raw),
    body: raw,
    headersTimeout: timeout,
    bodyTimeout: timeout,
  });
  // Drain the answer so the connection can be reused.
  await response.body.dump();
  return { status: response.statusCode };
}
