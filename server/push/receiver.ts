import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ProviderId } from '../../src/contract/ids';
import { HttpError } from '../errors';
import { sendError } from '../reply';
import type { PushDelivery } from '../providers/webhooks/events';
import type { VendorPush } from '../providers/webhooks/vendorPush';
import { FailureLimiter } from './failureLimiter';
import { webhookOutcome, type WebhookRecorder } from '../metrics/recorder';

/** Webhook bodies are small (the largest documented is under 1 KiB); anything far larger is hostile. */
export const PUSH_BODY_LIMIT_BYTES = 64 * 1024;

/** Where accepted deliveries go: the same two calls whether the set is in memory or in Redis. */
export interface SeenStore {
  add(id: string): boolean | Promise<boolean>;
  forget(id: string): void | Promise<void>;
}

/** One vendor's receiver: its descriptor's push part and the secret configured for it. */
export interface PushReceiver {
  vendor: ProviderId;
  push: VendorPush;
  secret: unknown;
}

export interface PushHookOptions {
  /** `POST /hooks/<vendor>` for each of these, and no other. */
  receivers: readonly PushReceiver[];
  seen: SeenStore;
  /**
   * Applies a new delivery: into the room's history and its cached snapshot. Throwing makes
   * the receiver answer 503 and forget the delivery id, so the vendor's retry is applied.
   */
  apply: (delivery: PushDelivery) => Promise<void>;
  /** Failed verifications per address per minute before 429; default 10. */
  failuresPerMinute?: number;
  now?: () => Date;
  /** With METRICS_PORT: every delivery's outcome, by vendor. */
  metrics?: WebhookRecorder;
}

/**
 * `POST /hooks/<vendor>` for each receiver; the receiver knows no vendor, it runs each one's
 * push part. In this order, so that nothing about an unverified request is parsed or stored:
 * rate limit (429) → verify (401) → JSON and the vendor's schema (400) → map → seen before?
 * (200, nothing applied) → apply (503 if it fails) → 200. Bodies are read raw (some vendors
 * sign the exact bytes) and capped at PUSH_BODY_LIMIT_BYTES (413). One failure limiter for all
 * vendors: someone guessing at one receiver is turned away at the others too.
 */
export async function registerPushHooks(app: FastifyInstance, options: PushHookOptions): Promise<void> {
  const now = options.now ?? (() => new Date());
  const limiter = new FailureLimiter(options.failuresPerMinute ?? 10, 60_000, () => now().getTime());

  await app.register(async (scope) => {
    // Scoped to this plugin: the rest of the app keeps Fastify's JSON parser.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: PUSH_BODY_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );

    const handle = async (receiver: PushReceiver, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      const { vendor: provider, push, secret } = receiver;
      const retryAfter = limiter.blockedFor(request.ip);
      if (retryAfter > 0) return sendError(reply, new HttpError(429, 'Too many requests', retryAfter));

      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const verdict = push.verify({ headers: request.headers, raw }, secret);
      if (!verdict.ok) {
        limiter.recordFailure(request.ip);
        // The reason only: never the header or the body.
        request.log.warn({ provider, reason: verdict.reason }, 'webhook refused');
        return sendError(reply, new HttpError(401, 'Unauthorized'));
      }

      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        return sendError(reply, new HttpError(400, 'Bad request'));
      }
      const delivery = push.read(json, { raw, receivedAt: now(), secret });
      if (delivery === undefined) return sendError(reply, new HttpError(400, 'Bad request'));
      if (delivery === null) return reply.send({ error: null, data: { applied: false } });

      if (!(await options.seen.add(delivery.deliveryId))) {
        return reply.send({ error: null, data: { applied: false } });
      }
      try {
        await options.apply(delivery);
      } catch (err) {
        await options.seen.forget(delivery.deliveryId);
        request.log.error({ provider, err }, 'webhook could not be applied');
        return sendError(reply, new HttpError(503, 'Try again'));
      }
      return reply.send({ error: null, data: { applied: true } });
    };

    for (const receiver of options.receivers) {
      // The app-wide per-address limit is off here: a vendor delivers many verified events from
      // few addresses. Unverified requests are limited by `limiter` (429 after a few failures).
      scope.post(
        `/hooks/${receiver.vendor}`,
        { config: { family: 'public', rateLimit: false }, bodyLimit: PUSH_BODY_LIMIT_BYTES },
        async (request, reply) => {
          const sent = await handle(receiver, request, reply);
          options.metrics?.webhookReceived(receiver.vendor, webhookOutcome(reply.statusCode));
          return sent;
        },
      );
    }
  });
}
