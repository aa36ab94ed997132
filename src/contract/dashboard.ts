import { z } from 'zod';
import { providerIdSchema, callIdSchema } from './ids';
import { callStateSchema } from './snapshot';

const isoTime = z.iso.datetime();

export const roleSchema = z.enum(['moderator', 'participant']);
export type Role = z.infer<typeof roleSchema>;

/** `GET /api/me`. `rooms: null` means every room (a moderator without a rooms claim). */
export const identitySchema = z.object({
  sub: z.string(),
  role: roleSchema,
  rooms: z.array(z.string()).nullable(),
  /** A person's display name, for sessions started through the identity provider. */
  name: z.string().optional(),
});
export type Identity = z.infer<typeof identitySchema>;

/** Which snapshot fields the vendor's webhooks update as they happen (the rest are polled). */
export const pushFieldsSchema = z.object({
  recording: z.boolean(),
  transcription: z.boolean(),
  participants: z.boolean(),
  state: z.boolean(),
});
export type PushFields = z.infer<typeof pushFieldsSchema>;

export const capabilitiesSchema = z.object({
  catchUp: z.boolean(),
  recording: z.boolean(),
  transcription: z.boolean(),
  participants: z.boolean(),
  roomListing: z.boolean(),
  /** Present only while this BFF receives the vendor's webhooks (its secret is configured). */
  push: pushFieldsSchema.optional(),
});
export type Capabilities = z.infer<typeof capabilitiesSchema>;

/** `GET /api/providers`. */
export const providerInfoSchema = z.object({
  id: providerIdSchema,
  label: z.string(),
  source: z.enum(['simulator', 'upstream']),
  capabilities: capabilitiesSchema,
});
export type ProviderInfo = z.infer<typeof providerInfoSchema>;

/**
 * How the watcher's room listing of a vendor goes: `ok` whether the last attempt succeeded,
 * `observedAt` when the last good one was read (null if none). `GET /api/rooms` answers from it.
 */
export const vendorListingSchema = z.object({ ok: z.boolean(), observedAt: isoTime.nullable() });
export type VendorListingStatus = z.infer<typeof vendorListingSchema>;

/** `GET /api/providers`: each vendor, and its listing (null when it cannot list or history is off). */
export const providerListSchema = z.array(providerInfoSchema.extend({ listing: vendorListingSchema.nullable().default(null) }));

/** `GET /api/rooms`: rooms currently known to be live. */
export const roomSummarySchema = z.object({
  provider: providerIdSchema,
  callId: z.string(),
  state: callStateSchema,
  startedAt: isoTime.nullable(),
});
export type RoomSummary = z.infer<typeof roomSummarySchema>;
export const roomListSchema = z.array(roomSummarySchema);

/** `GET /api/calls/:provider/:callId/catch-up`. `updatedAt`: when the BFF first saw this text. */
export const catchUpSchema = z.object({
  text: z.string(),
  updatedAt: isoTime,
});
export type CatchUp = z.infer<typeof catchUpSchema>;

/** `POST /api/share-links` (moderators only). */
export const shareLinkRequestSchema = z.object({
  provider: providerIdSchema,
  callId: callIdSchema,
  ttlMinutes: z.number().int().min(1).max(24 * 60).default(180),
});
export type ShareLinkRequest = z.infer<typeof shareLinkRequestSchema>;
export const shareLinkIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16}$/);
export const shareLinkSchema = z.object({
  id: shareLinkIdSchema,
  url: z.string(),
  expiresAt: isoTime,
});
export type ShareLink = z.infer<typeof shareLinkSchema>;
/**
 * `GET /api/share-links` (moderators): the links still in force for the rooms the caller may
 * read. `mintedBy` is the `sub` of the moderator who made it; the token itself is never listed.
 */
export const activeShareLinkSchema = z.object({
  id: shareLinkIdSchema,
  provider: providerIdSchema,
  callId: z.string(),
  mintedBy: z.string(),
  createdAt: isoTime,
  expiresAt: isoTime,
});
export type ActiveShareLink = z.infer<typeof activeShareLinkSchema>;
export const activeShareLinkListSchema = z.array(activeShareLinkSchema);

/** `GET /readyz`. */
export const breakerStateSchema = z.enum(['closed', 'open', 'half-open']);
export type BreakerState = z.infer<typeof breakerStateSchema>;
/** The room history's part of readiness: `off` with HISTORY=off. */
export const historyReadinessSchema = z.object({
  store: z.enum(['ok', 'degraded', 'off']),
  watching: z.number().int().nonnegative(),
  maxRooms: z.number().int().nonnegative(),
  /** Rooms dropped or refused since start to stay within WATCH_MAX_ROOMS. */
  overCapacity: z.number().int().nonnegative(),
});
export const readinessSchema = z.object({
  status: z.enum(['ready', 'degraded']),
  history: historyReadinessSchema,
  /**
   * The coordination layer: `off` without REDIS_URL (one instance), `degraded` while Redis does
   * not answer (limits, budgets and leases are per instance until it does).
   */
  redis: z.enum(['ok', 'degraded', 'off']),
  /** Sign-in with the identity provider: `off` when not configured, `degraded` while its discovery fails. */
  identityProvider: z.enum(['ok', 'degraded', 'off']),
  upstreams: z.array(
    z.object({
      provider: providerIdSchema,
      source: z.enum(['simulator', 'upstream']),
      breaker: breakerStateSchema,
    }),
  ),
});
export type Readiness = z.infer<typeof readinessSchema>;
