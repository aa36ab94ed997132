import { z } from 'zod';
import { envelopeSchema } from './envelope';

/** ProCONF application-server contract: `GET /callStatus?roomName=R`. Field names are ProCONF's. */
export const callStatusSchema = z.object({
  transcript_status: z.boolean(),
  recording_status: z.boolean(),
});
export type CallStatus = z.infer<typeof callStatusSchema>;
export const callStatusEnvelopeSchema = envelopeSchema(callStatusSchema);

/** `GET /callCatchUp/:room_name`: the summary text itself (markdown). */
export const callCatchUpSchema = z.string();
export const callCatchUpEnvelopeSchema = envelopeSchema(callCatchUpSchema);

/** `GET /callSummary/:room_name`: the post-call summary text of an ended call (markdown). */
export const callSummarySchema = z.string();
export const callSummaryEnvelopeSchema = envelopeSchema(callSummarySchema);

/** The exact messages the ProCONF clients are written against. */
export const PROCONF_MESSAGES = {
  roomRequired: 'Room name required in query param.',
  invalidRoom: 'Invalid room name.',
  unauthorized: 'Unauthorized',
  notFound: 'Not found',
  internal: 'Internal server error',
} as const;
