import { z } from 'zod';
import { roomEventSchema } from './history';
import { callStateSchema, flagSchema } from './snapshot';

const isoTime = z.iso.datetime();

/** A flag and since when it has held (null when the history does not reach back to its start). */
export const flagSinceSchema = z.object({ state: flagSchema, since: isoTime.nullable() });
export type FlagSince = z.infer<typeof flagSinceSchema>;

/**
 * `GET /api/calls/:provider/:callId/digest`: what a latecomer needs, for every vendor, from the
 * history. Counts only, never names, for participants; `recent` holds the last 10 events the
 * caller may see.
 */
export const digestSchema = z.object({
  startedAt: isoTime.nullable(),
  state: callStateSchema,
  recording: flagSinceSchema,
  transcription: flagSinceSchema,
  participantsNow: z.number().int().nonnegative().nullable(),
  joinedTotal: z.number().int().nonnegative(),
  leftTotal: z.number().int().nonnegative(),
  recent: z.array(roomEventSchema),
  watchedSince: isoTime.nullable(),
});
export type Digest = z.infer<typeof digestSchema>;
export const DIGEST_RECENT = 10;
