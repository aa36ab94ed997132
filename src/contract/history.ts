import { z } from 'zod';
import { providerIdSchema } from './ids';
import { callStateSchema, flagSchema } from './snapshot';

const isoTime = z.iso.datetime();

/** Why the BFF could not see a room for a while: shown as a gap, never as "nothing happened". */
export const gapReasonSchema = z.enum(['vendor_unavailable', 'rate_limited', 'timeout', 'not_watching']);
export type GapReason = z.infer<typeof gapReasonSchema>;

export const watchStopReasonSchema = z.enum(['ended', 'idle', 'capacity']);
export type WatchStopReason = z.infer<typeof watchStopReasonSchema>;

/**
 * Common to every event. `seq` is 1, 2, 3… per room and never reused, across restarts and
 * instances. `at` is when the change happened (the vendor's own time where it gives one),
 * `observedAt` when the BFF first saw it.
 */
const eventBase = {
  seq: z.number().int().positive(),
  at: isoTime,
  observedAt: isoTime,
};

export const roomEventSchema = z.discriminatedUnion('kind', [
  z.object({
    ...eventBase,
    kind: z.literal('watch.started'),
    state: callStateSchema,
    recording: flagSchema,
    transcription: flagSchema,
    activeParticipants: z.number().int().nonnegative().nullable(),
    /** The vendor's start time of the call when watching begins mid-call (optional: older rows lack it). */
    startedAt: isoTime.nullable().optional(),
  }),
  z.object({ ...eventBase, kind: z.literal('state'), from: callStateSchema, to: callStateSchema }),
  z.object({ ...eventBase, kind: z.literal('recording'), from: flagSchema, to: flagSchema }),
  z.object({ ...eventBase, kind: z.literal('transcription'), from: flagSchema, to: flagSchema }),
  z.object({ ...eventBase, kind: z.literal('participant.joined'), participantId: z.string(), name: z.string().nullable() }),
  z.object({ ...eventBase, kind: z.literal('participant.left'), participantId: z.string(), name: z.string().nullable() }),
  z.object({ ...eventBase, kind: z.literal('participant.muted'), participantId: z.string() }),
  z.object({ ...eventBase, kind: z.literal('participant.unmuted'), participantId: z.string() }),
  z.object({
    ...eventBase,
    kind: z.literal('summary.updated'),
    length: z.number().int().nonnegative(),
    revision: z.number().int().positive(),
  }),
  z.object({ ...eventBase, kind: z.literal('gap.started'), reason: gapReasonSchema }),
  z.object({ ...eventBase, kind: z.literal('gap.ended'), reason: gapReasonSchema }),
  z.object({ ...eventBase, kind: z.literal('watch.stopped'), reason: watchStopReasonSchema }),
]);
export type RoomEvent = z.infer<typeof roomEventSchema>;
export type RoomEventKind = RoomEvent['kind'];
/** An event before the store numbers it. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type NewRoomEvent = DistributiveOmit<RoomEvent, 'seq'>;

/** Event kinds that name people: never shown to participants (share links). */
export const PARTICIPANT_EVENT_KINDS = [
  'participant.joined',
  'participant.left',
  'participant.muted',
  'participant.unmuted',
] as const satisfies readonly RoomEventKind[];

export function isParticipantEvent(event: Pick<RoomEvent, 'kind'>): boolean {
  return (PARTICIPANT_EVENT_KINDS as readonly string[]).includes(event.kind);
}

/** `GET /api/calls/:provider/:callId/history?after=&limit=`. `nextAfter` null when there is no more. */
export const historyPageSchema = z.object({
  watchedSince: isoTime.nullable(),
  events: z.array(roomEventSchema),
  nextAfter: z.number().int().nonnegative().nullable(),
});
export type HistoryPage = z.infer<typeof historyPageSchema>;

export const HISTORY_PAGE_MAX = 500;
export const historyQuerySchema = z
  .object({
    after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    limit: z.coerce.number().int().min(1).max(HISTORY_PAGE_MAX).default(100),
  })
  .strict();
export type HistoryQuery = z.infer<typeof historyQuerySchema>;

/** One call the BFF has watched, live or ended. */
export const callRecordSchema = z.object({
  provider: providerIdSchema,
  callId: z.string(),
  state: callStateSchema,
  startedAt: isoTime.nullable(),
  endedAt: isoTime.nullable(),
  watchedSince: isoTime,
  lastObservedAt: isoTime.nullable(),
  durationSec: z.number().nonnegative().nullable(),
  peakParticipants: z.number().int().nonnegative().nullable(),
  recordedSec: z.number().nonnegative(),
  transcribedSec: z.number().nonnegative(),
});
export type CallRecord = z.infer<typeof callRecordSchema>;

export const callStatusFilterSchema = z.enum(['live', 'ended', 'all']);
export type CallStatusFilter = z.infer<typeof callStatusFilterSchema>;

export const CALLS_PAGE_MAX = 200;
/** `GET /api/calls?status=&provider=&q=&cursor=&limit=`; `cursor` is opaque to clients. */
export const callsQuerySchema = z
  .object({
    status: callStatusFilterSchema.default('all'),
    provider: providerIdSchema.optional(),
    q: z.string().trim().max(128).optional(),
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(CALLS_PAGE_MAX).default(50),
  })
  .strict();
export type CallsQuery = z.infer<typeof callsQuerySchema>;

export const callsPageSchema = z.object({
  calls: z.array(callRecordSchema),
  nextCursor: z.string().nullable(),
});
export type CallsPage = z.infer<typeof callsPageSchema>;

/** A closed or open span of time; `to` is null while it is still open. */
export const intervalSchema = z.object({ from: isoTime, to: isoTime.nullable() });
export type Interval = z.infer<typeof intervalSchema>;

export const participantReportSchema = z.object({
  participantId: z.string(),
  name: z.string().nullable(),
  intervals: z.array(intervalSchema),
  presentSec: z.number().nonnegative(),
  presentWhileRecordingSec: z.number().nonnegative(),
  presentWhileTranscribingSec: z.number().nonnegative(),
});
export type ParticipantReport = z.infer<typeof participantReportSchema>;

/** `GET /api/calls/:provider/:callId/report` (and `report.csv`, one row per participant interval). */
export const callReportSchema = z.object({
  call: callRecordSchema,
  participants: z.array(participantReportSchema),
  recording: z.array(intervalSchema),
  transcription: z.array(intervalSchema),
  gaps: z.array(intervalSchema),
});
export type CallReport = z.infer<typeof callReportSchema>;
