import { z } from 'zod';

/*
 * Recording assurance (docs/assurance.md): policies, per-call figures, the period report and evidence.
 * This file imports zod only, so an auditor's tool (or the verifier script) can take it alone.
 */

const isoTime = z.iso.datetime();
/** Same alphabet as ids.ts's provider id; repeated here so this file stands alone. */
const providerId = z.string().regex(/^[a-z][a-z0-9-]{1,31}$/);
/** Same alphabet as alerts.ts's call-id glob. */
const callIdGlob = z.string().regex(/^[A-Za-z0-9._~:@*?-]{1,128}$/, 'letters, digits, ._~:@- and the wildcards * ?');

/** Seven years of days (5 leap days): the longest retention financial call-recording rules ask for. */
export const DEFAULT_RETAIN_DAYS = 2557;
export const DEFAULT_GRACE_SEC = 60;

const policyFields = {
  name: z.string().trim().min(1).max(120),
  enabled: z.boolean(),
  match: z.object({ provider: providerId.optional(), callId: callIdGlob.optional() }).strict(),
  require: z.object({ recording: z.boolean(), transcription: z.boolean() }).strict(),
  graceSec: z.number().int().min(0).max(86_400),
  retainDays: z.number().int().min(1).max(36_500),
};

/** `POST /api/recording-policies` body; `graceSec` and `retainDays` have defaults. */
export const recordingPolicyInputSchema = z
  .object({
    ...policyFields,
    graceSec: policyFields.graceSec.default(DEFAULT_GRACE_SEC),
    retainDays: policyFields.retainDays.default(DEFAULT_RETAIN_DAYS),
  })
  .strict();
export type RecordingPolicyInput = z.infer<typeof recordingPolicyInputSchema>;

/** `PATCH /api/recording-policies/:id` body: any subset of the fields. */
export const recordingPolicyPatchSchema = z.object(policyFields).partial().strict();
export type RecordingPolicyPatch = z.infer<typeof recordingPolicyPatchSchema>;

export const recordingPolicySchema = z.object({
  id: z.string(),
  ...policyFields,
  createdAt: isoTime,
});
export type RecordingPolicy = z.infer<typeof recordingPolicySchema>;

/**
 * What a call keeps of its policy from the moment it is first seen occupied: later edits or a
 * deletion of the policy change no past call.
 */
export const governanceSchema = z.object({
  policyId: z.string(),
  require: z.object({ recording: z.boolean(), transcription: z.boolean() }),
  graceSec: z.number().int().nonnegative(),
  retainDays: z.number().int().positive(),
  governedAt: isoTime,
});
export type Governance = z.infer<typeof governanceSchema>;

export const verdictSchema = z.enum(['violation', 'unverified', 'compliant', 'not_required']);
export type Verdict = z.infer<typeof verdictSchema>;
/** Worst first: the period report's order. */
export const VERDICT_ORDER: readonly Verdict[] = ['violation', 'unverified', 'compliant', 'not_required'];

export const violationKindSchema = z.enum(['not_recorded', 'not_transcribed']);
export type ViolationKind = z.infer<typeof violationKindSchema>;

export const violationSchema = z.object({
  from: isoTime,
  /** Null while the stretch is still open. */
  to: isoTime.nullable(),
  kind: violationKindSchema,
  /** Everyone present at any moment of the stretch (ids; empty for vendors that cannot list). */
  participants: z.array(z.string()),
});
export type Violation = z.infer<typeof violationSchema>;

const spanSchema = z.object({ from: isoTime, to: isoTime.nullable() });

/** `GET /api/calls/:provider/:callId/assurance`. */
export const callAssuranceSchema = z.object({
  policyId: z.string().nullable(),
  occupiedSec: z.number().nonnegative(),
  recordedSec: z.number().nonnegative(),
  unrecordedSec: z.number().nonnegative(),
  unverifiedSec: z.number().nonnegative(),
  /** recordedSec ÷ occupiedSec; null when the call was never occupied. */
  coverage: z.number().min(0).max(1).nullable(),
  verdict: verdictSchema,
  violations: z.array(violationSchema),
  /** Occupied time whose recording roomwatch could not tell (for shading the report). */
  unverifiedIntervals: z.array(spanSchema),
});
export type CallAssurance = z.infer<typeof callAssuranceSchema>;

export const ASSURANCE_PAGE_MAX = 500;
export const ASSURANCE_MAX_RANGE_DAYS = 366;

/** `GET /api/assurance` and `/api/assurance.csv` query. */
export const assuranceQuerySchema = z
  .object({
    from: isoTime,
    to: isoTime,
    provider: providerId.optional(),
    policyId: z.string().min(1).max(64).optional(),
    verdict: verdictSchema.optional(),
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(ASSURANCE_PAGE_MAX).default(100),
  })
  .strict()
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { message: 'from must be before to', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= ASSURANCE_MAX_RANGE_DAYS * 86_400_000, {
    message: `from and to at most ${ASSURANCE_MAX_RANGE_DAYS} days apart`,
    path: ['to'],
  });
export type AssuranceQuery = z.infer<typeof assuranceQuerySchema>;

/** One call of the period report; the CSV has these fields as columns, in this order. */
export const assuranceCallRowSchema = z.object({
  provider: providerId,
  callId: z.string(),
  startedAt: isoTime.nullable(),
  endedAt: isoTime.nullable(),
  policyId: z.string().nullable(),
  verdict: verdictSchema,
  coverage: z.number().min(0).max(1).nullable(),
  unrecordedSec: z.number().nonnegative(),
  unverifiedSec: z.number().nonnegative(),
});
export type AssuranceCallRow = z.infer<typeof assuranceCallRowSchema>;
export const ASSURANCE_CSV_COLUMNS = Object.keys(assuranceCallRowSchema.shape) as (keyof AssuranceCallRow)[];

export const assuranceTotalsSchema = z.object({
  /** Governed calls only. */
  calls: z.number().int().nonnegative(),
  occupiedSec: z.number().nonnegative(),
  recordedSec: z.number().nonnegative(),
  unrecordedSec: z.number().nonnegative(),
  unverifiedSec: z.number().nonnegative(),
  coverage: z.number().min(0).max(1).nullable(),
  /** Calls whose verdict is `violation`. */
  violations: z.number().int().nonnegative(),
});
export type AssuranceTotals = z.infer<typeof assuranceTotalsSchema>;

/** Governed calls of one UTC day (by start), for the coverage chart. */
export const assuranceDaySchema = z.object({
  date: z.iso.date(),
  calls: z.number().int().nonnegative(),
  occupiedSec: z.number().nonnegative(),
  recordedSec: z.number().nonnegative(),
  coverage: z.number().min(0).max(1).nullable(),
  violations: z.number().int().nonnegative(),
});
export type AssuranceDay = z.infer<typeof assuranceDaySchema>;

/** `GET /api/assurance`. `days` (an addition to the documented answer) covers every page, like `totals`. */
export const assurancePeriodSchema = z.object({
  totals: assuranceTotalsSchema,
  days: z.array(assuranceDaySchema),
  calls: z.array(assuranceCallRowSchema),
  nextCursor: z.string().nullable(),
});
export type AssurancePeriod = z.infer<typeof assurancePeriodSchema>;

/** A stored event as evidence carries it: the RoomEvent fields plus its place in the chain. */
export const chainedEventSchema = z.looseObject({
  seq: z.number().int().positive(),
  kind: z.string(),
  at: isoTime,
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ChainedEvent = z.infer<typeof chainedEventSchema>;

/** The payload of `GET /api/calls/:provider/:callId/evidence` (a compact JWS, EdDSA). */
export const evidencePayloadSchema = z.object({
  provider: providerId,
  callId: z.string(),
  issuedAt: isoTime,
  events: z.array(chainedEventSchema),
  headHash: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  assurance: callAssuranceSchema,
  /** False while the call is live: more events will follow. */
  complete: z.boolean(),
  /** What the figures were computed from, so a verifier recomputes them from this file alone. */
  basis: z.object({
    governance: governanceSchema.nullable(),
    listsParticipants: z.boolean(),
    vendorStartedAt: isoTime.nullable(),
    asOf: isoTime,
  }),
});
export type EvidencePayload = z.infer<typeof evidencePayloadSchema>;
