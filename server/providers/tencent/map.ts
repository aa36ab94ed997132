import type { CallSnapshot, Media, Participant } from '../../../src/contract/snapshot';
import type { TencentCallInfo, TencentCallUser } from './schema';

export function media(mediaType: string | undefined): Media | null {
  const lower = mediaType?.toLowerCase();
  return lower === 'audio' || lower === 'video' ? lower : null;
}

export function toParticipant(user: TencentCallUser): Participant {
  return {
    id: user.User_Account,
    state: user.Status === 'Calling' ? 'joined' : 'waiting',
    // get_call_info reports who is in the call now, with no times, mute or hold.
    joinedAt: null,
    leftAt: null,
    muted: null,
    onHold: null,
  };
}

/**
 * A live Tencent call (an ended one is 101004, so never `ended` here): `active` as soon as
 * anyone is `Calling`, else still `ringing`. Tencent reports neither recording nor
 * transcription through this API, nor start and end times.
 */
export function toSnapshot(
  callId: string,
  info: TencentCallInfo,
  observed: { observedAt: Date; stale: boolean },
): CallSnapshot {
  const participants = info.UserList.map(toParticipant);
  const joined = participants.filter((p) => p.state === 'joined').length;
  return {
    provider: 'tencent',
    callId,
    state: joined > 0 ? 'active' : 'ringing',
    media: media(info.CallInfo.MediaType),
    recording: 'unknown',
    transcription: 'unknown',
    participants,
    activeParticipants: joined,
    startedAt: null,
    endedAt: null,
    observedAt: observed.observedAt.toISOString(),
    stale: observed.stale,
  };
}
