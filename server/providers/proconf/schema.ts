import { z } from 'zod';

/**
 * ProCONF admin wire format: `sessions-status`, `call-catchup` and `meetings`, each in the
 * `{error, data}` envelope (see docs/vendors.md). Server-private: never imported by src/.
 */

export const proconfErrorSchema = z.object({
  data: z.null(),
  error: z.object({ code: z.number(), message: z.string() }),
});

export const sessionsStatusSchema = z.object({
  error: z.null(),
  data: z.object({ transcript_status: z.boolean(), recording_status: z.boolean() }),
});
export type SessionsStatus = z.infer<typeof sessionsStatusSchema>['data'];

export const callCatchUpSchema = z.object({
  error: z.null(),
  data: z.string(),
});

export const meetingSchema = z.object({
  room_name: z.string(),
  unique_id: z.string(),
  created_at: z.string(),
  destroyed_at: z.string().nullable(),
});
export type Meeting = z.infer<typeof meetingSchema>;

export const meetingsSchema = z.object({
  error: z.null(),
  data: z.array(meetingSchema),
});

/** `GET /call-summary/:room_name`: where the post-call summary of a room's last call is kept. */
export const callSummarySchema = z.object({
  error: z.null(),
  data: z.object({
    id: z.union([z.string(), z.number()]),
    meeting_id: z.union([z.string(), z.number()]),
    room_name: z.string(),
    file_url: z.string(),
  }),
});
export type CallSummaryRecord = z.infer<typeof callSummarySchema>['data'];
