import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { HttpError } from '../errors';
import { sendError } from '../reply';
import type { BasicCredentials, VerifyResult } from './basicAuth';
import { bandwidthCallbackSchema } from './bandwidth/schema';
import { verifyBandwidthCallback } from './bandwidth/verify';
import { mapBandwidthCallback } from './bandwidth/map';
import { cometChatWebhookSchema } from './cometchat/schema';
import { verifyCometChatWebhook } from './cometchat/verify';
import { mapCometChatWebhook } from './cometchat/map';
import { trtcCallbackSchema } from './tencent/schema';
import { verifyTencentCallback, type TencentCallbackSecret, type TencentVerifyResult } from './tencent/verify';
import { mapTencentCallback } from './tencent/map';
import { FailureLimiter } from './failureLimiter';
import { PUSH_BODY_LIMIT_BYTES, type PushDelivery, type PushProvider } from './types';
import { webhookOutcome, type WebhookRecorder } from '../metrics/recorder';

/** Where accepted deliveries go: the same two calls whether the set is in memory or in Redis. */
export interface SeenStore {
  add(id: string): boolean | Promise<boolean>;
  forget(id: string): void | Promise<void>;
}

export interface PushHookOptions {
  /** Each receiver is registered only when its secret is configured. */
  bandwidth?: BasicCredentials;
  cometchat?: BasicCredentials;
  tencent?: TencentCallbackSecret;
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

type Verify = (request: FastifyRequest, raw: Buffer) => VerifyResult | TencentVerifyResult;
type MapBody = (json: unknown, raw: Buffer, receivedAt: Date) => { ok: true; delivery: PushDelivery | null } | { ok: false };

function parsed<S extends z.ZodType, R>(schema: S, json: unknown, then: (value: z.output<S>) => R): { ok: true; delivery: R } | { ok: false } {
  const result = schema.safeParse(json);
  return result.success ? { ok: true, delivery: then(result.data) } : { ok: false };
}

/**
 * `POST /hooks/bandwidth`, `/hooks/cometchat`, `/hooks/tencent`. In this order, so that nothing
 * about an unverified request is parsed or stored: rate limit (429) → verify (401) → JSON and
 * zod (400) → map → seen before? (200, nothing applied) → apply (503 if it fails) → 200.
 * Bodies are read raw (TRTC signs the exact bytes) and capped at PUSH_BODY_LIMIT_BYTES (413).
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

    const route = (provider: PushProvider, verify: Verify, mapBody: MapBody) => {
      // The app-wide per-address limit is off here: a vendor delivers many verified events from
      // few addresses. Unverified requests are limited by `limiter` (429 after a few failures).
      scope.post(`/hooks/${provider}`, { config: { family: 'public', rateLimit: false }, bodyLimit: PUSH_BODY_LIMIT_BYTES }, async (request, reply) => {
        const sent = await handle(provider, request, reply, verify, mapBody);
        options.metrics?.webhookReceived(provider, webhookOutcome(reply.statusCode));
        return sent;
      });
    };

    const handle = async (
      provider: PushProvider,
      request: FastifyRequest,
      reply: FastifyReply,
      verify: Verify,
      mapBody: MapBody,
    ): Promise<FastifyReply> => {
      const retryAfter = limiter.blockedFor(request.ip);
      if (retryAfter > 0) return sendError(reply, new HttpError(429, 'Too many requests', retryAfter));

      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const verdict = verify(request, raw);
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
      const mapped = mapBody(json, raw, now());
      if (!mapped.ok) return sendError(reply, new HttpError(400, 'Bad request'));
      const delivery = mapped.delivery;
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

    const header = (request: FastifyRequest, name: string) => request.headers[name];

    const { bandwidth, cometchat, tencent } = options;
    if (bandwidth) {
      route(
        'bandwidth',
        (request) => verifyBandwidthCallback(header(request, 'authorization'), bandwidth),
        (json, _raw, at) => parsed(bandwidthCallbackSchema, json, (cb) => mapBandwidthCallback(cb, at)),
      );
    }
    if (cometchat) {
      route(
        'cometchat',
        (request) => verifyCometChatWebhook(header(request, 'authorization'), cometchat),
        (json, raw, at) =>
          parsed(cometChatWebhookSchema, json, (hook) =>
            mapCometChatWebhook(hook, at, createHash('sha256').update(raw).digest('hex')),
          ),
      );
    }
    if (tencent) {
      route(
        'tencent',
        (request, raw) => verifyTencentCallback({ sign: header(request, 'sign'), sdkAppId: header(request, 'sdkappid') }, raw, tencent),
        (json, _raw, at) => parsed(trtcCallbackSchema, json, (cb) => mapTencentCallback(tencent.sdkAppId, cb, at)),
      );
    }
  });
}
