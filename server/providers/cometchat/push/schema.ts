import { z } from 'zod';

/**
 * CometChat webhook bodies for calls (cometchat.com/docs/calls/webhooks and
 * /docs/calls/webhooks-call-session). Every payload is `{trigger, data, appId, region,
 * webhook}`; call-session payloads add `type: "meet"`. Server-private.
 *
 * Documented with examples: `meeting_started` (`data.created_at`, `data.sessionId`) and
 * `meeting_participant_joined` (`data.occupant.{joined_at, audio_call, name}`,
 * `data.initial_config`, `data.sessionId`). `meeting_participant_left`, `meeting_ended` and
 * `recording_generated` are named on the same page, but their bodies were not available to
 * us: their schemas below assume the same envelope and `data.sessionId` and take nothing else
 * for granted (every other field optional). Check them against a real delivery.
 */

const unixSeconds = z.number().nonnegative();
const text = z.string().min(1).max(256);
/** CometChat sends flags inside `occupant` and `initial_config` as the strings "true"/"false". */
const stringBoolean = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

const occupantSchema = z.object({
  /** Not in the documented example, which names the occupant only by `name`; used when present. */
  uid: text.optional(),
  name: z.string().max(256).optional(),
  joined_at: unixSeconds.optional(),
  left_at: unixSeconds.optional(),
  audio_call: stringBoolean.optional(),
});

const envelope = {
  appId: z.string().max(256).optional(),
  region: z.string().max(32).optional(),
  webhook: z.string().max(256).optional(),
  type: z.string().max(32).optional(),
};

export const meetingStartedSchema = z.object({
  ...envelope,
  trigger: z.literal('meeting_started'),
  data: z.object({ sessionId: text, created_at: unixSeconds }),
});

export const participantJoinedSchema = z.object({
  ...envelope,
  trigger: z.literal('meeting_participant_joined'),
  data: z.object({
    sessionId: text,
    occupant: occupantSchema.extend({ joined_at: unixSeconds }),
    initial_config: z
      .object({
        start_recording_on_call_start: stringBoolean.optional(),
        is_audio_muted: stringBoolean.optional(),
      })
      .optional(),
  }),
});

/** Body assumed, see above. */
export const participantLeftSchema = z.object({
  ...envelope,
  trigger: z.literal('meeting_participant_left'),
  data: z.object({ sessionId: text, occupant: occupantSchema.optional() }),
});

/** Body assumed, see above. */
export const meetingEndedSchema = z.object({
  ...envelope,
  trigger: z.literal('meeting_ended'),
  data: z.object({ sessionId: text, ended_at: unixSeconds.optional(), created_at: unixSeconds.optional() }),
});

/** Body assumed, see above. */
export const recordingGeneratedSchema = z.object({
  ...envelope,
  trigger: z.literal('recording_generated'),
  data: z.object({ sessionId: text, created_at: unixSeconds.optional() }),
});

const KNOWN = [
  'meeting_started',
  'meeting_participant_joined',
  'meeting_participant_left',
  'meeting_ended',
  'recording_generated',
] as const;

/** Ringing-flow triggers (`call_initiated`, …) and anything new: acknowledged, not applied. */
const otherSchema = z.object({
  ...envelope,
  trigger: z
    .string()
    .min(1)
    .max(64)
    .refine((t) => !(KNOWN as readonly string[]).includes(t), { message: 'malformed call event' }),
});

export const cometChatWebhookSchema = z.union([
  meetingStartedSchema,
  participantJoinedSchema,
  participantLeftSchema,
  meetingEndedSchema,
  recordingGeneratedSchema,
  otherSchema.transform((o) => ({ ...o, trigger: 'other' as const, name: o.trigger })),
]);
export type CometChatWebhook = z.infer<typeof cometChatWebhookSchema>;
