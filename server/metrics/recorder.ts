/**
 * What the parts of the BFF tell the metrics, one narrow interface per part, so each part
 * depends on the one call it makes and nothing else. Every caller holds its recorder as an
 * optional dependency (`deps.metrics?.…`): with METRICS_PORT unset there is none, and recording
 * costs nothing. The implementation is server/metrics/metrics.ts; the series names are in
 * docs/operating.md.
 */

/** How one upstream request ended: `ok`, the failure kind (server/errors.ts), or `refused` locally. */
export type UpstreamOutcome =
  | 'ok'
  | 'refused'
  | 'not_found'
  | 'bad_request'
  | 'rate_limited'
  | 'auth'
  | 'unavailable'
  | 'timeout'
  | 'bad_answer';

/** Where an answer about a room came from: the watcher's snapshot, the read cache, or a vendor read. */
export type AnswerSource = 'watcher' | 'cache' | 'vendor';

/** One alert webhook attempt: delivered (2xx), failed (retried later), or given up (last try, or not retriable). */
export type DeliveryOutcome = 'delivered' | 'failed' | 'gave_up';

/** One vendor webhook, by what the receiver answered. */
export type WebhookOutcome = 'accepted' | 'refused' | 'bad_request' | 'rate_limited' | 'failed';

export interface HttpRecorder {
  /** `route` is the route's pattern (`/api/calls/:provider/:callId`), never the raw URL. */
  httpRequest(route: string, status: number): void;
  /** An answer the hot path gave without Fastify (server/hotPath); it is counted in httpRequest too. */
  hotPathAnswer(): void;
}

export interface UpstreamRecorder {
  /** `seconds` is null for a refusal that sent nothing (breaker open, bulkhead full, paused, no token). */
  upstreamRequest(vendor: string, outcome: UpstreamOutcome, seconds: number | null): void;
}

export interface AnswerRecorder {
  answered(source: AnswerSource): void;
}

export interface HistoryRecorder {
  historyWrite(seconds: number): void;
}

export interface DeliveryRecorder {
  alertDelivery(outcome: DeliveryOutcome): void;
}

export interface WebhookRecorder {
  webhookReceived(vendor: string, outcome: WebhookOutcome): void;
}

export interface LongPollRecorder {
  /** A request is now held waiting for a change (a long poll, docs/watching.md). */
  longPollHeld(): void;
  /** A held request was answered (changed, timed out, or released on shutdown). */
  longPollReleased(): void;
}

/** Everything at once: what the composition root hands out, each part taking its slice. */
export interface MetricsRecorder
  extends HttpRecorder,
    UpstreamRecorder,
    AnswerRecorder,
    HistoryRecorder,
    DeliveryRecorder,
    WebhookRecorder,
    LongPollRecorder {}

/** A vendor webhook's outcome from the status the receiver answered it with. */
export function webhookOutcome(status: number): WebhookOutcome {
  if (status < 300) return 'accepted';
  if (status === 401 || status === 403) return 'refused';
  if (status === 429) return 'rate_limited';
  if (status < 500) return 'bad_request';
  return 'failed';
}
