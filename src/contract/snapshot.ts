import { z } from 'zod';
import { providerIdSchema } from './ids';

const isoTime = z.iso.datetime();
const isoTimeOrNull = isoTime.nullable();

export const callStateSchema = z.enum(['created', 'ringing', 'active', 'ended', 'unknown']);
export type CallState = z.infer<typeof callStateSchema>;

export const mediaSchema = z.enum(['audio', 'video']);
export type Media = z.infer<typeof mediaSchema>;

/** `unknown` when the vendor does not report it: the dashboard never guesses `off`. */
export const flagSchema = z.enum(['on', 'off', 'unknown']);
export type Flag = z.infer<typeof flagSchema>;

export const participantSchema = z.object({
  id: z.string(),
  state: z.enum(['joined', 'waiting', 'left']),
  joinedAt: isoTimeOrNull,
  leftAt: isoTimeOrNull,
  muted: z.boolean().nullable(),
  onHold: z.boolean().nullable(),
  /**
   * What the vendor calls the person, when it says (Bandwidth: the member's phone number).
   * Absent or null when unknown. Only moderators see participants, so it is never masked here.
   */
  name: z.string().nullable().optional(),
});
export type Participant = z.infer<typeof participantSchema>;

export const callSnapshotSchema = z.object({
  provider: providerIdSchema,
  callId: z.string(),
  state: callStateSchema,
  media: mediaSchema.nullable(),
  recording: flagSchema,
  transcription: flagSchema,
  /** null when the vendor cannot list them, or the caller may not see them. */
  participants: z.array(participantSchema).nullable(),
  activeParticipants: z.number().int().nonnegative().nullable(),
  startedAt: isoTimeOrNull,
  endedAt: isoTimeOrNull,
  /** When the BFF last got this from the vendor. */
  observedAt: isoTime,
  /** True when served from cache because the vendor is failing. */
  stale: z.boolean(),
});
export type CallSnapshot = z.infer<typeof callSnapshotSchema>;
