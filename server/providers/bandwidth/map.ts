import type { CallSnapshot, Participant } from '../../../src/contract/snapshot';
import type { Conference, Member } from './schema';

/**
 * Catapult writes times like `2013-07-12T15:22:47-02` (an hour-only offset), which
 * `Date.parse` refuses; normalise the offset to `-02:00` first. Unparseable → null.
 */
export function bandwidthTime(value: string | undefined): string | null {
  if (!value) return null;
  const offset = /^(.*T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([+-]\d{2})(?::?(\d{2}))?$/.exec(value);
  const normalised = offset ? `${offset[1] ?? ''}${offset[2] ?? ''}:${offset[3] ?? '00'}` : value;
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const STATE: Record<Conference['state'], CallSnapshot['state']> = {
  created: 'created',
  active: 'active',
  completed: 'ended',
};

/**
 * A conference-wide `hold`/`mute` of true applies to every member ("all members can't hear or
 * speak"), whatever the member's own flag says; otherwise the member's flag, or null if absent.
 */
export function toParticipant(member: Member, conference: Pick<Conference, 'hold' | 'mute'> = {}): Participant {
  return {
    id: member.id,
    state: member.state === 'active' ? 'joined' : 'left',
    joinedAt: bandwidthTime(member.addedTime),
    leftAt: bandwidthTime(member.removedTime),
    muted: conference.mute === true ? true : (member.mute ?? null),
    onHold: conference.hold === true ? true : (member.hold ?? null),
  };
}

/**
 * Catapult v1 conferences are telephone (voice) bridges, but the API has no media field:
 * `media` stays null rather than asserting `audio`. v1 reports neither recording nor
 * transcription for conferences, so both are `unknown`. `startedAt` is `createdTime` (the only
 * start the vendor gives, also for a conference still `created`), `endedAt` is `completedTime`.
 */
export function toSnapshot(
  callId: string,
  conference: Conference,
  members: readonly Member[],
  observed: { observedAt: Date; stale: boolean },
): CallSnapshot {
  return {
    provider: 'bandwidth',
    callId,
    state: STATE[conference.state],
    media: null,
    recording: 'unknown',
    transcription: 'unknown',
    participants: members.map((member) => toParticipant(member, conference)),
    activeParticipants: conference.activeMembers ?? null,
    startedAt: bandwidthTime(conference.createdTime),
    endedAt: bandwidthTime(conference.completedTime),
    observedAt: observed.observedAt.toISOString(),
    stale: observed.stale,
  };
}
