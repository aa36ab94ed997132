import type { CallSnapshot } from '../../../src/contract/snapshot';
import type { RoomSummary } from '../../../src/contract/dashboard';
import { ROOM_NAME_PATTERN } from '../../../src/contract/ids';
import type { Meeting, SessionsStatus } from './schema';

/** ProCONF timestamps are ISO strings of unspecified zone; anything unparseable becomes null. */
export function isoOrNull(value: string | null | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function meetingState(meeting: Meeting | undefined): CallSnapshot['state'] {
  if (!meeting) return 'unknown';
  return meeting.destroyed_at === null ? 'active' : 'ended';
}

/**
 * ProCONF reports recording and transcription as booleans, so they map to on/off; it has no
 * participant list or media type, so those stay null. State and times come from `meetings`;
 * a room the list does not name is `unknown`, not guessed.
 */
export function toSnapshot(
  room: string,
  status: SessionsStatus,
  meeting: Meeting | undefined,
  observed: { observedAt: Date; stale: boolean },
): CallSnapshot {
  return {
    provider: 'proconf',
    callId: room,
    state: meetingState(meeting),
    media: null,
    recording: status.recording_status ? 'on' : 'off',
    transcription: status.transcript_status ? 'on' : 'off',
    participants: null,
    activeParticipants: null,
    startedAt: isoOrNull(meeting?.created_at),
    endedAt: isoOrNull(meeting?.destroyed_at),
    observedAt: observed.observedAt.toISOString(),
    stale: observed.stale,
  };
}

export function toRoomSummaries(meetings: readonly Meeting[]): RoomSummary[] {
  return meetings
    // A name outside the allow-list could never be opened through the API, so it is not listed.
    .filter((meeting) => meeting.destroyed_at === null && ROOM_NAME_PATTERN.test(meeting.room_name))
    .map((meeting) => ({
      provider: 'proconf' as const,
      callId: meeting.room_name,
      state: 'active' as const,
      startedAt: isoOrNull(meeting.created_at),
    }));
}
