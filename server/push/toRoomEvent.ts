import type { NewRoomEvent } from '../../src/contract/history';
import type { CallSnapshot } from '../../src/contract/snapshot';
import type { PushEvent } from '../providers/webhooks/events';

/** What a PushEvent is compared with: the room's current cached snapshot. */
export type RoomState = Pick<CallSnapshot, 'state' | 'recording' | 'transcription' | 'participants'>;

/**
 * The history event a PushEvent adds to its room, or null when it changes nothing (a
 * duplicate, a member event repeating the current mute state, a hold change, which the history
 * does not record). `from` is the snapshot's current value; `observedAt` is when the BFF
 * received the webhook. Participant changes need a participant list: with none (the vendor
 * cannot list them) or for a participant never seen, `left` and mute changes are dropped
 * rather than invented. The caller then updates the snapshot to match.
 */
export function toRoomEvent(event: PushEvent, current: RoomState, observedAt: string): NewRoomEvent | null {
  const base = { at: event.at, observedAt };
  const participant =
    'participantId' in event ? current.participants?.find((p) => p.id === event.participantId) : undefined;
  switch (event.kind) {
    case 'state':
      return current.state === event.to ? null : { ...base, kind: 'state', from: current.state, to: event.to };
    case 'recording':
      return current.recording === event.to ? null : { ...base, kind: 'recording', from: current.recording, to: event.to };
    case 'transcription':
      return current.transcription === event.to
        ? null
        : { ...base, kind: 'transcription', from: current.transcription, to: event.to };
    case 'participant.joined':
      return participant?.state === 'joined'
        ? null
        : { ...base, kind: 'participant.joined', participantId: event.participantId, name: event.name };
    case 'participant.left':
      return participant === undefined || participant.state === 'left'
        ? null
        : { ...base, kind: 'participant.left', participantId: event.participantId, name: event.name };
    case 'participant.muted':
    case 'participant.unmuted': {
      const muted = event.kind === 'participant.muted';
      if (participant?.state !== 'joined' || participant.muted === muted) return null;
      return { ...base, kind: event.kind, participantId: event.participantId };
    }
    case 'participant.hold':
      return null;
  }
}
