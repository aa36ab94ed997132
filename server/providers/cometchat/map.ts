import type { RoomSummary } from '../../../src/contract/dashboard';
import { ROOM_NAME_PATTERN } from '../../../src/contract/ids';
import type { CallSnapshot, Flag, Media, Participant } from '../../../src/contract/snapshot';
import type { CometChatCall, CometChatParticipant } from './schema';

export function unixToIso(seconds: number | undefined): string | null {
  if (seconds === undefined) return null;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function callState(status: string | undefined): CallSnapshot['state'] {
  switch (status) {
    case 'initiated':
      return 'ringing';
    case 'ongoing':
      return 'active';
    case 'ended':
    case 'unanswered':
    case 'rejected':
    case 'canceled':
      return 'ended';
    default:
      return 'unknown';
  }
}

export function media(type: string | undefined): Media | null {
  return type === 'audio' || type === 'video' ? type : null;
}

/** Omitted means CometChat did not say: `unknown`, never `off`. */
export function flag(value: boolean | undefined): Flag {
  return value === undefined ? 'unknown' : value ? 'on' : 'off';
}

/** Participant states after which the person is no longer in the call (or never will be). */
const GONE: ReadonlySet<string> = new Set(['ended', 'left', 'unanswered', 'rejected', 'canceled', 'cancelled', 'busy']);

/**
 * `leftAt` or a terminal `state` → left; else `isJoined` (or `ongoing`) → joined; else the
 * person has been called but has not joined yet → waiting.
 */
export function participantState(p: CometChatParticipant): Participant['state'] {
  if (p.leftAt !== undefined || (p.state !== undefined && GONE.has(p.state))) return 'left';
  if (p.isJoined === true || p.state === 'ongoing') return 'joined';
  return 'waiting';
}

export function toParticipant(p: CometChatParticipant): Participant {
  return {
    id: p.uid,
    state: participantState(p),
    joinedAt: unixToIso(p.joinedAt),
    leftAt: unixToIso(p.leftAt),
    // CometChat's call log does not report mute or hold.
    muted: null,
    onHold: null,
  };
}

/**
 * A CometChat call. `activeParticipants` is counted from the participant list when CometChat
 * sent one (`totalParticipants` counts everyone who ever joined, not who is there now).
 */
export function toSnapshot(
  callId: string,
  call: CometChatCall,
  observed: { observedAt: Date; stale: boolean },
): CallSnapshot {
  const participants = call.participants?.map(toParticipant) ?? null;
  return {
    provider: 'cometchat',
    callId,
    state: callState(call.status),
    media: media(call.type),
    recording: flag(call.hasRecording),
    transcription: flag(call.hasTranscription),
    participants,
    activeParticipants: participants ? participants.filter((p) => p.state === 'joined').length : null,
    startedAt: unixToIso(call.startedAt),
    endedAt: unixToIso(call.endedAt),
    observedAt: observed.observedAt.toISOString(),
    stale: observed.stale,
  };
}

export function toRoomSummaries(calls: readonly CometChatCall[]): RoomSummary[] {
  return calls
    // A session id outside the allow-list could never be opened through the API, so it is not listed.
    .filter((call) => ROOM_NAME_PATTERN.test(call.sessionId))
    .map((call) => ({
      provider: 'cometchat' as const,
      callId: call.sessionId,
      state: callState(call.status),
      startedAt: unixToIso(call.startedAt ?? call.initiatedAt),
    }));
}
