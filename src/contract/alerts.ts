import { z } from 'zod';
import { providerIdSchema } from './ids';

const isoTime = z.iso.datetime();

export const alertConditionSchema = z.enum([
  'recording.stopped',
  'transcription.stopped',
  'recording.missing',
  'vendor.unreachable',
  /** A governed call's unrecorded (or untranscribed) stretch passed the policy's graceSec (docs/assurance.md). */
  'policy.violated',
]);
export type AlertCondition = z.infer<typeof alertConditionSchema>;

/** A call-id glob: `*` any run, `?` one character; otherwise the call-id alphabet only. */
export const CALL_ID_GLOB_PATTERN = /^[A-Za-z0-9._~:@*?-]{1,128}$/;

export const alertChannelSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('inapp') }).strict(),
  // Checked further on the server (https only, no private or loopback hosts unless allowed).
  z.object({ type: z.literal('webhook'), url: z.url().max(2048) }).strict(),
]);
export type AlertChannel = z.infer<typeof alertChannelSchema>;

const ruleFields = {
  name: z.string().trim().min(1).max(120),
  enabled: z.boolean(),
  match: z
    .object({
      provider: providerIdSchema.optional(),
      callId: z.string().regex(CALL_ID_GLOB_PATTERN, 'letters, digits, ._~:@- and the wildcards * ?').optional(),
    })
    .strict(),
  when: alertConditionSchema,
  afterSec: z.number().int().min(0).max(86_400),
  channels: z.array(alertChannelSchema).min(1).max(10),
};

/** `POST /api/alert-rules` body. */
export const alertRuleInputSchema = z.object(ruleFields).strict();
export type AlertRuleInput = z.infer<typeof alertRuleInputSchema>;
/** `PATCH /api/alert-rules/:id` body. */
export const alertRulePatchSchema = z.object(ruleFields).partial().strict();
export type AlertRulePatch = z.infer<typeof alertRulePatchSchema>;

export const alertRuleSchema = z.object({ id: z.string(), ...ruleFields });
export type AlertRule = z.infer<typeof alertRuleSchema>;
export const alertRuleListSchema = z.array(alertRuleSchema);

export const alertDeliverySchema = z.object({
  channel: z.string(),
  attempts: z.number().int().nonnegative(),
  lastStatus: z.string().nullable(),
  deliveredAt: isoTime.nullable(),
});
export type AlertDelivery = z.infer<typeof alertDeliverySchema>;

/** An episode: opened once, resolved when the condition clears, never re-sent while open. */
export const alertSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  provider: providerIdSchema,
  callId: z.string(),
  kind: alertConditionSchema,
  openedAt: isoTime,
  resolvedAt: isoTime.nullable(),
  deliveries: z.array(alertDeliverySchema),
});
export type Alert = z.infer<typeof alertSchema>;
export const alertListSchema = z.array(alertSchema);
export const alertStateFilterSchema = z.enum(['open', 'resolved', 'all']);

/** What a webhook receives (`POST`, signed with X-Roomwatch-Signature). */
export const alertWebhookBodySchema = z.object({
  type: z.enum(['alert.opened', 'alert.resolved']),
  alert: alertSchema,
  text: z.string(),
});
export type AlertWebhookBody = z.infer<typeof alertWebhookBodySchema>;
