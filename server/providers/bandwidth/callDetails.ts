import type { Flag } from '../../../src/contract/snapshot';
import { callIdSchema } from '../../../src/contract/ids';
import { maskPhoneNumber } from './maskNumber';
import type { BandwidthCallDetails } from './schema';

/**
 * A conference member's `call` is the URL of its call resource,
 * `https://api.catapult.inetwork.com/v1/users/{userId}/calls/{callId}` (ap-docs
 * `methods/conferences/getConferencesConferenceIdMembers.md`). Returns the call id only when
 * it passes the same allow-list as any path parameter, since it goes into an upstream URL.
 */
export function callIdFromCallUrl(callUrl: string): string | null {
  let path: string;
  try {
    path = new URL(callUrl).pathname;
  } catch {
    return null;
  }
  const match = /^\/v1\/users\/[^/]+\/calls\/([^/]+)$/.exec(path);
  const callId = match?.[1];
  return callId !== undefined && callIdSchema.safeParse(callId).success ? callId : null;
}

/** Whether one member's call records, `unknown` when its details are missing or silent. */
export function callRecording(details: BandwidthCallDetails | undefined): Flag {
  if (details?.recordingEnabled === undefined) return 'unknown';
  return details.recordingEnabled ? 'on' : 'off';
}

/**
 * `transcriptionEnabled` means "transcribe this call's recordings" (getCallsCallId.md), so a
 * call is transcribed only when it also records.
 */
export function callTranscription(details: BandwidthCallDetails | undefined): Flag {
  if (details === undefined) return 'unknown';
  if (details.recordingEnabled === false || details.transcriptionEnabled === false) return 'off';
  if (details.recordingEnabled === true && details.transcriptionEnabled === true) return 'on';
  return 'unknown';
}

/**
 * The conference's flag from its active members' calls: `on` if any records, `off` if every
 * one is known and none records, else `unknown`. With no active member nothing can be
 * recorded, so that is `off` (every one of zero calls is known).
 */
export function combineMemberFlags(flags: readonly Flag[]): Flag {
  if (flags.includes('on')) return 'on';
  if (flags.every((f) => f === 'off')) return 'off';
  return 'unknown';
}

export interface ConferenceFlags {
  recording: Flag;
  transcription: Flag;
}

/**
 * `activeMemberCallIds`: the call ids of the members whose state is `active`. `details` looks
 * a call up in the call-details cache (undefined when not fetched yet or failed).
 */
export function conferenceFlags(
  activeMemberCallIds: readonly string[],
  details: (callId: string) => BandwidthCallDetails | undefined,
): ConferenceFlags {
  const known = activeMemberCallIds.map(details);
  return {
    recording: combineMemberFlags(known.map(callRecording)),
    transcription: combineMemberFlags(known.map(callTranscription)),
  };
}

/**
 * The member's own number: the far end of the call. An inbound call (`in`) came from the
 * member; an outbound one (the conference dialled out) went to them.
 */
export function memberNumber(details: BandwidthCallDetails): string | null {
  if (details.direction === 'in') return details.from ?? null;
  if (details.direction === 'out') return details.to ?? null;
  return null;
}

/** The participant's name as a viewer may see it: moderators in full, share links masked. */
export function memberDisplayName(details: BandwidthCallDetails, viewer: 'moderator' | 'participant'): string | null {
  const number = memberNumber(details);
  if (number === null) return null;
  return viewer === 'moderator' ? number : maskPhoneNumber(number);
}
