import { callIdSchema } from '../../../../src/contract/ids';
import { isoFromText, type PushDelivery, type PushEvent } from '../../webhooks/events';
import type { BandwidthCallback } from './schema';

/**
 * Catapult v1 callbacks carry no event id, so the delivery id is built from what makes the
 * event unique: a conference is created and completed once; a member event is one member's
 * state at one `time` (milliseconds). A retry resends the same body, hence the same id.
 */
export function bandwidthDeliveryId(callback: BandwidthCallback): string | null {
  switch (callback.type) {
    case 'conference':
      return `bandwidth:conference:${callback.event.conferenceId}:${callback.event.status}`;
    case 'member': {
      const e = callback.event;
      return `bandwidth:member:${e.conferenceId}:${e.memberId}:${e.state}:${e.mute}:${e.hold}:${e.time}`;
    }
    case 'other':
      return null;
  }
}

/**
 * Maps one callback. A member event asserts the member's presence, mute and hold as of `time`;
 * it says nothing about recording, so its call id is handed back in `memberCallIds` for the
 * caller to fetch `GET /calls/{callId}` (see callDetails.ts). The member's name (their number)
 * also comes from the call details, so `name` is null here. Null when there is nothing to
 * apply: an event type roomwatch does not track, or a conference id no room can have.
 */
export function mapBandwidthCallback(callback: BandwidthCallback, receivedAt: Date): PushDelivery | null {
  const deliveryId = bandwidthDeliveryId(callback);
  if (deliveryId === null) return null;
  const fallback = receivedAt.toISOString();

  if (callback.type === 'conference') {
    const e = callback.event;
    if (!callIdSchema.safeParse(e.conferenceId).success) return null;
    const time = e.status === 'completed' ? (e.completedTime ?? e.createdTime) : e.createdTime;
    const base = {
      provider: 'bandwidth' as const,
      callId: e.conferenceId,
      idKind: 'call' as const,
      eventId: `${deliveryId}:state`,
      at: (time && isoFromText(time)) ?? fallback,
    };
    return {
      provider: 'bandwidth',
      deliveryId,
      events: [{ ...base, kind: 'state', to: e.status === 'created' ? 'created' : 'ended' }],
    };
  }

  if (callback.type === 'member') {
    const e = callback.event;
    if (!callIdSchema.safeParse(e.conferenceId).success) return null;
    const base = {
      provider: 'bandwidth' as const,
      callId: e.conferenceId,
      idKind: 'call' as const,
      at: isoFromText(e.time) ?? fallback,
    };
    const participantId = e.memberId;
    const events: PushEvent[] =
      e.state === 'completed'
        ? [{ ...base, eventId: `${deliveryId}:left`, kind: 'participant.left', participantId, name: null }]
        : [
            // The conference turns active with its first member (ap-docs conferences.md).
            { ...base, eventId: `${deliveryId}:state`, kind: 'state', to: 'active' },
            { ...base, eventId: `${deliveryId}:joined`, kind: 'participant.joined', participantId, name: null },
            e.mute
              ? { ...base, eventId: `${deliveryId}:mute`, kind: 'participant.muted', participantId }
              : { ...base, eventId: `${deliveryId}:mute`, kind: 'participant.unmuted', participantId },
            { ...base, eventId: `${deliveryId}:hold`, kind: 'participant.hold', participantId, onHold: e.hold },
          ];
    // The call id goes into an upstream URL: only ids that pass the path allow-list.
    const memberCallIds = callIdSchema.safeParse(e.callId).success ? [e.callId] : [];
    return { provider: 'bandwidth', deliveryId, events, memberCallIds };
  }

  return null;
}
