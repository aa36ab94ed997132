import { z } from 'zod';

/**
 * Bandwidth Catapult v1 wire format: `GET /v1/users/{userId}/conferences/{id}` and its
 * `/members` (see docs/vendors.md).
 * Server-private: never imported by src/. Only the fields roomwatch uses are declared; zod
 * strips the rest, so a vendor adding fields never breaks the dashboard.
 */

/**
 * `hold`/`mute` are booleans in the vendor's examples, but the page's property table reads
 * like prose ("If true, ..."), and older Catapult payloads carried them as strings. Accept both.
 */
const flexibleBoolean = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

export const conferenceSchema = z.object({
  id: z.string(),
  state: z.enum(['created', 'active', 'completed']),
  from: z.string().optional(),
  createdTime: z.string().optional(),
  completedTime: z.string().optional(),
  activeMembers: z.number().int().nonnegative().optional(),
  hold: flexibleBoolean.optional(),
  mute: flexibleBoolean.optional(),
});
export type Conference = z.infer<typeof conferenceSchema>;

export const memberSchema = z.object({
  id: z.string(),
  state: z.enum(['active', 'completed']),
  mute: flexibleBoolean.optional(),
  hold: flexibleBoolean.optional(),
  addedTime: z.string().optional(),
  /** Only present once the member has been removed. */
  removedTime: z.string().optional(),
  call: z.string().optional(),
});
export type Member = z.infer<typeof memberSchema>;

/** A bare array, except that an empty list may come back as `{}`. */
export const membersSchema = z.union([
  z.array(memberSchema),
  z.strictObject({}).transform((): Member[] => []),
]);

/** `{"category","code","message","details":[{"name","value"}]}`, e.g. 404 `conference-not-found`. */
export const bandwidthErrorSchema = z.object({
  category: z.string().optional(),
  code: z.string(),
  message: z.string().optional(),
});

/**
 * `GET /v1/users/{userId}/calls/{callId}` (ap-docs `methods/calls/getCallsCallId.md`). Only the
 * fields roomwatch reads; `recordingEnabled` and `transcriptionEnabled` are optional because a
 * call that omits them tells nothing, which must read as unknown, never as off.
 */
export const callDetailsSchema = z.object({
  id: z.string().min(1).max(256),
  direction: z.enum(['in', 'out']).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  state: z.string().optional(),
  conferenceId: z.string().optional(),
  startTime: z.string().optional(),
  activeTime: z.string().optional(),
  endTime: z.string().optional(),
  recordingEnabled: flexibleBoolean.optional(),
  transcriptionEnabled: flexibleBoolean.optional(),
});
export type BandwidthCallDetails = z.infer<typeof callDetailsSchema>;
