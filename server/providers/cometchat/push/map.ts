import { callIdSchema } from '../../../../src/contract/ids';
import { isoFromEpoch, type PushDelivery, type PushEvent } from '../../webhooks/events';
import type { CometChatWebhook } from './schema';

/**
 * CometChat documents an idempotency key per event: `webhook + trigger + data.sessionId +
 * data.created_at` for `meeting_started`, `… + data.occupant.joined_at` for a join. The
 * occupant is added here too, since two people joining in the same second would otherwise
 * share a key. Times are unix seconds.
 */
function eventTime(hook: CometChatWebhook): number | undefined {
  switch (hook.trigger) {
    case 'meeting_started':
      return hook.data.created_at;
    case 'meeting_participant_joined':
      return hook.data.occupant.joined_at;
    case 'meeting_participant_left':
      return hook.data.occupant?.left_at;
    case 'meeting_ended':
      return hook.data.ended_at ?? hook.data.created_at;
    case 'recording_generated':
      return hook.data.created_at;
    case 'other':
      return undefined;
  }
}

function occupantId(occupant: { uid?: string | undefined; name?: string | undefined } | undefined): string | null {
  return occupant?.uid ?? (occupant?.name ? occupant.name : null);
}

/**
 * Maps one webhook; null when there is nothing to apply (ringing-flow triggers, an unusable
 * session id). `recording_generated` says a recording file exists, which is after the fact, so
 * it does not switch the live indicator; a join whose `initial_config` says the call records
 * from its start does. A left event without a time cannot be deduplicated by content: its
 * delivery id then falls back to the body's bytes (`bodyDigest`), so only exact redeliveries
 * are recognised.
 */
export function mapCometChatWebhook(hook: CometChatWebhook, receivedAt: Date, bodyDigest: string): PushDelivery | null {
  if (hook.trigger === 'other') return null;
  const sessionId = hook.data.sessionId;
  if (!callIdSchema.safeParse(sessionId).success) return null;

  const time = eventTime(hook);
  const occupant = 'occupant' in hook.data ? hook.data.occupant : undefined;
  const who = occupantId(occupant);
  const deliveryId =
    time === undefined
      ? `cometchat:${hook.trigger}:${sessionId}:body:${bodyDigest}`
      : `cometchat:${hook.webhook ?? ''}:${hook.trigger}:${sessionId}:${time}:${who ?? ''}`;
  const base = {
    provider: 'cometchat' as const,
    callId: sessionId,
    idKind: 'call' as const,
    at: (time !== undefined ? isoFromEpoch(time, 's') : null) ?? receivedAt.toISOString(),
  };

  const events: PushEvent[] = [];
  switch (hook.trigger) {
    case 'meeting_started':
      events.push({ ...base, eventId: `${deliveryId}:state`, kind: 'state', to: 'active' });
      break;
    case 'meeting_ended':
      events.push({ ...base, eventId: `${deliveryId}:state`, kind: 'state', to: 'ended' });
      break;
    case 'meeting_participant_joined': {
      const { occupant: o, initial_config: config } = hook.data;
      if (who !== null) {
        events.push({ ...base, eventId: `${deliveryId}:joined`, kind: 'participant.joined', participantId: who, name: o.name ?? null });
        if (config?.is_audio_muted !== undefined) {
          events.push(
            config.is_audio_muted
              ? { ...base, eventId: `${deliveryId}:mute`, kind: 'participant.muted', participantId: who }
              : { ...base, eventId: `${deliveryId}:mute`, kind: 'participant.unmuted', participantId: who },
          );
        }
      }
      if (config?.start_recording_on_call_start === true) {
        events.push({ ...base, eventId: `${deliveryId}:recording`, kind: 'recording', to: 'on' });
      }
      break;
    }
    case 'meeting_participant_left':
      if (who !== null) {
        events.push({ ...base, eventId: `${deliveryId}:left`, kind: 'participant.left', participantId: who, name: occupant?.name ?? null });
      }
      break;
    case 'recording_generated':
      break;
  }
  return { provider: 'cometchat', deliveryId, events };
}
