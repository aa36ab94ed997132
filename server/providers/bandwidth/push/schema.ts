import { z } from 'zod';

/**
 * Bandwidth Catapult v1 conference callbacks, as documented in Bandwidth/ap-docs
 * `apiCallbacks/conf.md` (Conference Event) and `apiCallbacks/confMember.md` (Conference
 * Member Event). Server-private. Other event types sent to a conference's callbackUrl
 * (`conference-playback`, `conference-speak`) parse as `other` and are acknowledged unused.
 */

/** The examples carry booleans; older Catapult payloads carried "true"/"false". */
const flexibleBoolean = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const id = z.string().min(1).max(256);

export const conferenceEventSchema = z.object({
  eventType: z.literal('conference'),
  conferenceId: id,
  conferenceUri: z.string().optional(),
  status: z.enum(['created', 'completed']),
  createdTime: z.string().optional(),
  completedTime: z.string().optional(),
  /** `tag` given when the conference was created is echoed in its callbacks (postConferences.md). */
  tag: z.string().optional(),
});
export type BandwidthConferenceEvent = z.infer<typeof conferenceEventSchema>;

export const conferenceMemberEventSchema = z.object({
  eventType: z.literal('conference-member'),
  activeMembers: z.number().int().nonnegative().optional(),
  callId: id,
  conferenceId: id,
  hold: flexibleBoolean,
  memberId: id,
  memberUri: z.string().optional(),
  mute: flexibleBoolean,
  state: z.enum(['active', 'completed']),
  time: z.string(),
  tag: z.string().optional(),
});
export type BandwidthConferenceMemberEvent = z.infer<typeof conferenceMemberEventSchema>;

const otherEventSchema = z.object({
  eventType: z
    .string()
    .min(1)
    .max(64)
    .refine((t) => t !== 'conference' && t !== 'conference-member', { message: 'malformed conference event' }),
});

/**
 * Tagged so callers can switch on `type`: a known event type must parse in full (a
 * `conference-member` without `memberId` is a bad request); an unknown type is `other`.
 */
export const bandwidthCallbackSchema = z.union([
  conferenceEventSchema.transform((event) => ({ type: 'conference' as const, event })),
  conferenceMemberEventSchema.transform((event) => ({ type: 'member' as const, event })),
  otherEventSchema.transform((event) => ({ type: 'other' as const, eventType: event.eventType })),
]);
export type BandwidthCallback = z.infer<typeof bandwidthCallbackSchema>;
