import type { CallSnapshot, Participant } from '../../../src/contract/snapshot';
import { callIdFromCallUrl, conferenceFlags, memberNumber } from './callDetails';
import type { BandwidthCallDetails, Conference, Member } from './schema';

/** Looks a member call's details up (undefined: not fetched yet, or failed). */
export type CallDetailsOf = (callId: string) => BandwidthCallDetails | undefined;
const noCalls: CallDetailsOf = () => undefined;

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
export function toParticipant(member: Member, conference: Pick<Conference, 'hold' | 'mute'> = {}, calls: CallDetailsOf = noCalls): Participant {
  const callId = member.call === undefined ? null : callIdFromCallUrl(member.call);
  const details = callId === null ? undefined : calls(callId);
  return {
    id: member.id,
    state: member.state === 'active' ? 'joined' : 'left',
    joinedAt: bandwidthTime(member.addedTime),
    leftAt: bandwidthTime(member.removedTime),
    muted: conference.mute === true ? true : (member.mute ?? null),
    onHold: conference.hold === true ? true : (member.hold ?? null),
    name: details ? memberNumber(details) : null,
  };
}

/**
 * Catapult v1 conferences are telephone (voice) bridges, but the API has no media field:
 * `media` stays null rather than asserting `audio`. Recording and transcription come from the
 * active members' calls (callDetails.ts: `on` if any records, `off` if all are known and none
 * does, else `unknown`); a member whose `call` URL does not pass the allow-list counts as unknown. `startedAt` is `createdTime` (the only
 * start the vendor gives, also for a conference still `created`), `endedAt` is `completedTime`.
 */
export function toSnapshot(
  callId: string,
  conference: Conference,
  members: readonly Member[],
  observed: { observedAt: Date; stale: boolean },
  calls: CallDetailsOf = noCalls,
): CallSnapshot {
  // A member whose call URL is unreadable has no id: '' looks up nothing, so it counts as unknown.
  const flags = conferenceFlags(
    activeMemberCallIds(members).map((id) => id ?? ''),
    (id) => (id === '' ? undefined : calls(id)),
  );
  return {
    provider: 'bandwidth',
    callId,
    state: STATE[conference.state],
    media: null,
    recording: flags.recording,
    transcription: flags.transcription,
    participants: members.map((member) => toParticipant(member, conference, calls)),
    activeParticipants: conference.activeMembers ?? null,
    startedAt: bandwidthTime(conference.createdTime),
    endedAt: bandwidthTime(conference.completedTime),
    observedAt: observed.observedAt.toISOString(),
    stale: observed.stale,
  };
}

/** The call ids of the members still in the conference; null where the `call` URL is missing or fails the allow-list. */
export function activeMemberCallIds(members: readonly Member[]): (string | null)[] {
  return members.filter((m) => m.state === 'active').map((m) => (m.call === undefined ? null : callIdFromCallUrl(m.call)));
}
