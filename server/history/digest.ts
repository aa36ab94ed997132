import { isParticipantEvent, type RoomEvent } from '../../src/contract/history';
import { DIGEST_RECENT, type Digest } from '../../src/contract/digest';
import type { RoomFold } from './fold';

/** Who reads: moderators see everything; participants (share links) never see who is there. */
export type DigestAudience = 'moderator' | 'participant';

/** The events `audience` may read, oldest first. */
export function visibleEvents(events: readonly RoomEvent[], audience: DigestAudience): RoomEvent[] {
  return audience === 'moderator' ? [...events] : events.filter((event) => !isParticipantEvent(event));
}

/**
 * What a latecomer needs, from the folded history. `recentEvents` is the tail of the history
 * (oldest first, any length); the digest keeps the last ten the audience may see. Counts are
 * the same for everyone; names only ever travel inside participant events.
 */
export function digest(fold: RoomFold, recentEvents: readonly RoomEvent[], audience: DigestAudience): Digest {
  let participantsNow: number | null;
  if (fold.state === 'ended') participantsNow = 0;
  else if (!fold.watching) participantsNow = null;
  else participantsNow = fold.presentKnown ? fold.present.size : fold.baselineParticipants;
  return {
    startedAt: fold.startedAt,
    state: fold.state,
    recording: { state: fold.recording.state, since: fold.recording.since },
    transcription: { state: fold.transcription.state, since: fold.transcription.since },
    participantsNow,
    joinedTotal: fold.joinedTotal,
    leftTotal: fold.leftTotal,
    recent: visibleEvents(recentEvents, audience).slice(-DIGEST_RECENT),
    watchedSince: fold.watchedSince,
  };
}
