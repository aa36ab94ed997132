import { z } from 'zod';

/**
 * CometChat Calls v3 wire format: `GET /calls/{sessionId}` and `GET /calls` (see docs/vendors.md).
 * Server-private. Fields are omitted when they do not apply (no `startedAt` while ringing,
 * no `leftAt` while present, no `hasTranscription` when never configured), so nearly
 * everything is optional. Statuses are plain strings: a status CometChat adds later maps to
 * `unknown` instead of failing the whole call with a 502.
 */

const unixSeconds = z.number().nonnegative();

export const participantSchema = z.object({
  uid: z.string(),
  state: z.string().optional(),
  isJoined: z.boolean().optional(),
  joinedAt: unixSeconds.optional(),
  leftAt: unixSeconds.optional(),
});
export type CometChatParticipant = z.infer<typeof participantSchema>;

export const callSchema = z.object({
  sessionId: z.string(),
  type: z.string().optional(),
  status: z.string().optional(),
  initiatedAt: unixSeconds.optional(),
  startedAt: unixSeconds.optional(),
  endedAt: unixSeconds.optional(),
  hasRecording: z.boolean().optional(),
  hasTranscription: z.boolean().optional(),
  participants: z.array(participantSchema).optional(),
});
export type CometChatCall = z.infer<typeof callSchema>;

/** `GET /calls/{sessionId}`. */
export const getCallSchema = z.object({ data: callSchema });

/** `GET /calls?status=ongoing`: a page of calls plus `meta.pagination`. */
export const listCallsSchema = z.object({
  data: z.array(callSchema),
  meta: z
    .object({
      pagination: z
        .object({
          total: z.number().int().nonnegative().optional(),
          per_page: z.number().int().positive().optional(),
          current_page: z.number().int().positive(),
          total_pages: z.number().int().nonnegative(),
        })
        .optional(),
    })
    .optional(),
});
export type CometChatCallPage = z.infer<typeof listCallsSchema>;

/** `{"error":{"message","devMessage","source","code"}}` on every failure. */
export const cometChatErrorSchema = z.object({
  error: z.object({ code: z.string().optional(), message: z.string().optional() }),
});
