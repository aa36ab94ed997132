import { describe, expect, it } from 'vitest';
import type { Flag } from '../../../src/contract/snapshot';
import { callDetailsSchema, type BandwidthCallDetails } from '../../../server/providers/bandwidth/schema';
import {
  callIdFromCallUrl,
  callRecording,
  callTranscription,
  conferenceFlags,
  memberDisplayName,
} from '../../../server/providers/bandwidth/callDetails';
import { maskPhoneNumber } from '../../../server/providers/bandwidth/maskNumber';
import { BANDWIDTH_GET_CALL, BANDWIDTH_MEMBER_CALL_URL, fill } from '../../support/fixtures/push-samples';

const call = (id: string, recordingEnabled?: boolean, transcriptionEnabled?: boolean): BandwidthCallDetails => ({
  id,
  ...(recordingEnabled === undefined ? {} : { recordingEnabled }),
  ...(transcriptionEnabled === undefined ? {} : { transcriptionEnabled }),
});

function flagsOf(calls: Record<string, BandwidthCallDetails | undefined>, active: string[]) {
  return conferenceFlags(active, (id) => calls[id]);
}

describe('Bandwidth call details', () => {
  it('parses the documented call: not recording, so not transcribed either', () => {
    const details = callDetailsSchema.parse(fill(BANDWIDTH_GET_CALL, { callId: 'c-1', fromNumber: '+19195551212', toNumber: '+15555551234' }));
    expect(details).toMatchObject({ id: 'c-1', direction: 'out', recordingEnabled: false, transcriptionEnabled: true });
    expect(callRecording(details)).toBe('off');
    // transcriptionEnabled only transcribes recordings; with none, nothing is transcribed.
    expect(callTranscription(details)).toBe('off');
  });

  it('takes the call id from a member `call` URL, only when it is a safe path segment', () => {
    expect(callIdFromCallUrl(fill(BANDWIDTH_MEMBER_CALL_URL, { userId: 'u-1', callId1: 'c-abc' }))).toBe('c-abc');
    // The documented placeholder has braces, which no upstream URL may carry.
    expect(callIdFromCallUrl(BANDWIDTH_MEMBER_CALL_URL)).toBeNull();
    expect(callIdFromCallUrl('https://x/v1/users/u/calls/%2e%2e')).toBeNull();
    expect(callIdFromCallUrl('https://x/v1/users/u/conferences/c-1')).toBeNull();
    expect(callIdFromCallUrl('not a url')).toBeNull();
  });
});

describe('conference recording and transcription from member calls', () => {
  it('on when any active member records, even if others are unknown', () => {
    const calls = { a: call('a', true, true), b: undefined, c: call('c', false, false) };
    expect(flagsOf(calls, ['a', 'b', 'c'])).toEqual({ recording: 'on', transcription: 'on' });
  });

  it('off only when every active member is known and none records', () => {
    const calls = { a: call('a', false, true), b: call('b', false, false) };
    expect(flagsOf(calls, ['a', 'b'])).toEqual({ recording: 'off', transcription: 'off' });
  });

  it('unknown when no active member records and one is not known yet', () => {
    const calls = { a: call('a', false, false) };
    expect(flagsOf(calls, ['a', 'b'])).toEqual({ recording: 'unknown', transcription: 'unknown' });
    expect(flagsOf({ a: call('a') }, ['a'])).toEqual({ recording: 'unknown', transcription: 'unknown' });
  });

  it('a member who left does not count: only the calls passed as active do', () => {
    const calls = { gone: call('gone', true, true), here: call('here', false, false) };
    expect(flagsOf(calls, ['here'])).toEqual({ recording: 'off', transcription: 'off' });
  });

  it('recording without transcription', () => {
    const calls = { a: call('a', true, false), b: call('b', false) };
    expect(flagsOf(calls, ['a', 'b'])).toEqual({ recording: 'on', transcription: 'off' });
    expect(flagsOf({ a: call('a', true) }, ['a'])).toEqual({ recording: 'on', transcription: 'unknown' });
  });

  it('no active member: nothing can be recorded', () => {
    expect(flagsOf({}, [])).toEqual<Record<string, Flag>>({ recording: 'off', transcription: 'off' });
  });
});

describe('member names', () => {
  const inbound = { id: 'c', direction: 'in' as const, from: '+15555551234', to: '+19195550000' };

  it('is the far end of the call: the caller when inbound, the callee when dialled out', () => {
    expect(memberDisplayName(inbound, 'moderator')).toBe('+15555551234');
    expect(memberDisplayName({ ...inbound, direction: 'out' }, 'moderator')).toBe('+19195550000');
    expect(memberDisplayName({ id: 'c', from: '+15555551234' }, 'moderator')).toBeNull();
  });

  it('is masked for participants', () => {
    expect(memberDisplayName(inbound, 'participant')).toBe('+1•••••1234');
  });
});

describe('maskPhoneNumber', () => {
  it('keeps the first digit and the last four of an E.164 number, always five bullets between', () => {
    expect(maskPhoneNumber('+15555551234')).toBe('+1•••••1234');
    expect(maskPhoneNumber('+442079460958')).toBe('+4•••••0958');
    expect(maskPhoneNumber('+1 (555) 555-1234')).toBe('+1•••••1234');
    expect(maskPhoneNumber('+12345678')).toBe('+1•••••5678');
  });

  it('keeps only the domain of a SIP address', () => {
    expect(maskPhoneNumber('identify@domain.com')).toBe('•••••@domain.com');
    expect(maskPhoneNumber('sip:+15555551234@pbx.example.com')).toBe('•••••@pbx.example.com');
  });

  it('hides anything else entirely, including numbers too short to mask', () => {
    expect(maskPhoneNumber('+1234')).toBe('•••••');
    expect(maskPhoneNumber('5555551234')).toBe('•••••');
    expect(maskPhoneNumber('{fromNumber}')).toBe('•••••');
    expect(maskPhoneNumber('')).toBe('•••••');
  });
});
