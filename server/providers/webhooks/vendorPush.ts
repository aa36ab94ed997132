import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import type { PushFields } from '../../../src/contract/dashboard';
import type { Provider } from '../types';
import type { PushDelivery } from './events';

/** A webhook request as it arrived: its headers and the body's exact bytes (some vendors sign those). */
export interface WebhookRequest {
  headers: IncomingHttpHeaders;
  raw: Buffer;
}

/** A refusal's reason goes to the log line; never the header or the body. */
export type WebhookVerdict = { ok: true } | { ok: false; reason: string };

/** What a vendor sends with a webhook body: the content type and its proof of origin. */
export type WebhookHeaders = { 'content-type': 'application/json' } & Record<string, string>;

/** What mapping one verified body may use besides the body itself. */
export interface WebhookContext<Secret> {
  raw: Buffer;
  /** When the BFF received it: the fallback for events without a time of their own. */
  receivedAt: Date;
  secret: Secret;
}

/**
 * For vendors whose webhooks name a room of their own rather than the call (`idKind: 'room'`,
 * TRTC's RoomId): which call a room belongs to and back, as the vendor's adapter learnt while
 * reading. `provider` is the adapter this vendor's descriptor created.
 */
export interface PushRooms {
  callIdOf(provider: Provider, roomId: string): string | undefined;
  roomIdOf(provider: Provider, callId: string): string | undefined;
}

/**
 * A vendor's webhooks, as the descriptor's optional `push` part: the shared receiver
 * (server/push/receiver.ts) registers `POST /hooks/<id>` for every vendor that has one and whose
 * secret is configured, and runs verify → read → apply; the simulator signs with `sign`.
 * `Secret` is the vendor's own (Basic credentials, a callback key): what its config reads from
 * the environment and the receiver checks against.
 *
 * Methods, not function-valued properties, so a list of vendors with different secrets is a
 * `VendorPush[]` (see VendorModule).
 */
export interface VendorPush<Secret = unknown> {
  /** What its webhooks carry; GET /api/providers reports it while the receiver is on. */
  readonly fields: PushFields;
  /** Is this request from the vendor? Runs before anything about the body is parsed. */
  verify(request: WebhookRequest, secret: Secret): WebhookVerdict;
  /**
   * A verified body, parsed as JSON, in roomwatch's words: the delivery; null when there is
   * nothing to apply (still acknowledged with 200); undefined when malformed (400).
   */
  read(json: unknown, context: WebhookContext<Secret>): PushDelivery | null | undefined;
  /** The sender's side: the headers the vendor would send with these exact bytes. */
  sign(raw: Uint8Array, secret: Secret): WebhookHeaders;
  readonly rooms?: PushRooms;
}

/** Builds `read` from the vendor's zod schema of its bodies and its mapping to PushEvents. */
export function definePush<Secret, Body>(spec: {
  fields: PushFields;
  verify(request: WebhookRequest, secret: Secret): WebhookVerdict;
  schema: z.ZodType<Body>;
  map(body: Body, context: WebhookContext<Secret>): PushDelivery | null;
  sign(raw: Uint8Array, secret: Secret): WebhookHeaders;
  rooms?: PushRooms;
}): VendorPush<Secret> {
  const { schema, map, ...rest } = spec;
  return {
    ...rest,
    read(json, context) {
      const parsed = schema.safeParse(json);
      return parsed.success ? map(parsed.data, context) : undefined;
    },
  };
}

