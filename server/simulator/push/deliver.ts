import { setTimeout as sleep } from 'node:timers/promises';
import { sendWebhook, type WebhookSigner } from '../../push/sender';

/** Where a simulated vendor sends its webhooks: the BFF's receiver, and signed as it checks. */
export interface WebhookTarget {
  url: string;
  sign: WebhookSigner;
}

/** Deliveries in flight, and the signal that ends their retries when the simulator closes. */
export interface Deliveries {
  pending: Set<Promise<void>>;
  signal: AbortSignal;
}

/** Retries as the vendors do (TRTC: at once, then every 10 s for a minute), shortened for a demo. */
const RETRY_DELAYS_MS = [0, 1000, 3000] as const;

/**
 * Sends one webhook and retries on a network failure or a 5xx; a 4xx is final. Never throws:
 * the simulator must keep running whatever the BFF answers. `pending` lets close() wait.
 */
export function deliver(target: WebhookTarget, body: unknown, deliveries: Deliveries): void {
  const { pending, signal } = deliveries;
  const attempt = async () => {
    for (const delay of RETRY_DELAYS_MS) {
      if (signal.aborted) return;
      if (delay > 0) await sleep(delay, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return;
      try {
        const { status } = await sendWebhook(target.url, target.sign, body);
        if (status < 500) return;
      } catch {
        // The BFF is not listening (yet, or any more): try again.
      }
    }
  };
  const running = attempt().finally(() => pending.delete(running));
  pending.add(running);
}
