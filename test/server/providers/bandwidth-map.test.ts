import { describe, expect, it } from 'vitest';
import { callSnapshotSchema } from '../../../src/contract/snapshot';
import { classifyBandwidth, retryAfterFromReset } from '../../../server/providers/bandwidth/client';
import { bandwidthTime, toSnapshot } from '../../../server/providers/bandwidth/map';
import { conferenceSchema, membersSchema } from '../../../server/providers/bandwidth/schema';
import { BANDWIDTH_GET_CONFERENCE } from '../../support/fixtures/vendor-samples';

const observed = { observedAt: new Date('2026-01-02T03:04:05.000Z'), stale: false };

describe('Bandwidth mapper', () => {
  it('maps the documented conference example (state created, members `{}`) exactly', () => {
    const conference = conferenceSchema.parse(BANDWIDTH_GET_CONFERENCE);
    const members = membersSchema.parse({});
    const snapshot = toSnapshot('conf-abc', conference, members, observed);
    expect(snapshot).toEqual({
      provider: 'bandwidth',
      callId: 'conf-abc',
      state: 'created',
      media: null,
      // No member is in the conference, so no call can be recording it.
      recording: 'off',
      transcription: 'off',
      participants: [],
      activeParticipants: 0,
      // `-02` is two hours behind UTC.
      startedAt: '2013-07-12T17:22:47.000Z',
      endedAt: null,
      observedAt: '2026-01-02T03:04:05.000Z',
      stale: false,
    });
    expect(callSnapshotSchema.parse(snapshot)).toEqual(snapshot);
  });

  it('maps members: active → joined, completed → left with times, mute and hold', () => {
    const members = membersSchema.parse([
      {
        id: 'member-1',
        state: 'completed',
        mute: false,
        hold: true,
        joinTone: true,
        leavingTone: false,
        addedTime: '2017-01-02T10:00:00Z',
        removedTime: '2017-01-02T10:05:00Z',
        call: 'https://api.catapult.inetwork.com/v1/users/u-1/calls/c-1',
      },
      { id: 'member-2', state: 'active', mute: 'true', hold: 'false', addedTime: '2017-01-02T10:01:00Z' },
    ]);
    const conference = conferenceSchema.parse({ id: 'conf-1', state: 'active', activeMembers: 1, createdTime: '2017-01-02T09:59:00Z' });
    const snapshot = toSnapshot('conf-1', conference, members, observed);
    expect(snapshot.state).toBe('active');
    expect(snapshot.activeParticipants).toBe(1);
    expect(snapshot.participants).toEqual([
      { id: 'member-1', state: 'left', joinedAt: '2017-01-02T10:00:00.000Z', leftAt: '2017-01-02T10:05:00.000Z', muted: false, onHold: true, name: null },
      { id: 'member-2', state: 'joined', joinedAt: '2017-01-02T10:01:00.000Z', leftAt: null, muted: true, onHold: false, name: null },
    ]);
  });

  it('applies a conference-wide hold or mute to every member', () => {
    const members = membersSchema.parse([{ id: 'member-4', state: 'active', mute: false }, { id: 'member-5', state: 'active' }]);
    const conference = conferenceSchema.parse({ id: 'conf-3', state: 'active', hold: true, mute: 'true' });
    const snapshot = toSnapshot('conf-3', conference, members, observed);
    expect(snapshot.participants?.map((p) => [p.muted, p.onHold])).toEqual([
      [true, true],
      [true, true],
    ]);
  });

  it('leaves what the vendor omits as null, never false', () => {
    const members = membersSchema.parse([{ id: 'member-3', state: 'active' }]);
    const conference = conferenceSchema.parse({ id: 'conf-2', state: 'completed' });
    const snapshot = toSnapshot('conf-2', conference, members, observed);
    expect(snapshot).toMatchObject({
      state: 'ended',
      activeParticipants: null,
      startedAt: null,
      endedAt: null,
      recording: 'unknown',
      transcription: 'unknown',
    });
    expect(snapshot.participants).toEqual([
      { id: 'member-3', state: 'joined', joinedAt: null, leftAt: null, muted: null, onHold: null, name: null },
    ]);
  });

  it('takes recording, transcription and names from the active members\' calls', () => {
    const url = (id: string) => `https://api.catapult.inetwork.com/v1/users/u-1/calls/${id}`;
    const members = membersSchema.parse([
      { id: 'm-1', state: 'active', call: url('c-1') },
      { id: 'm-2', state: 'active', call: url('c-2') },
      { id: 'm-3', state: 'completed', call: url('c-3') },
    ]);
    const conference = conferenceSchema.parse({ id: 'conf-4', state: 'active' });
    const calls = {
      'c-1': { id: 'c-1', direction: 'in' as const, from: '+15555551234', to: '+19195550000', recordingEnabled: false, transcriptionEnabled: false },
      'c-2': { id: 'c-2', direction: 'out' as const, from: '+19195550000', to: '+14155550187', recordingEnabled: true, transcriptionEnabled: true },
      'c-3': { id: 'c-3', recordingEnabled: true },
    };
    const lookup = (known: Partial<typeof calls>) => (id: string) => known[id as keyof typeof calls];
    const all = toSnapshot('conf-4', conference, members, observed, lookup(calls));
    expect([all.recording, all.transcription]).toEqual(['on', 'on']);
    expect(all.participants?.map((p) => p.name)).toEqual(['+15555551234', '+14155550187', null]);
    // Only the non-recording member's call known: the other may record.
    const partial = toSnapshot('conf-4', conference, members, observed, lookup({ 'c-1': calls['c-1'] }));
    expect([partial.recording, partial.transcription]).toEqual(['unknown', 'unknown']);
    // A member who left no longer counts, even though their call recorded.
    const offOnly = toSnapshot('conf-4', conference, membersSchema.parse([{ id: 'm-1', state: 'active', call: url('c-1') }, { id: 'm-3', state: 'completed', call: url('c-3') }]), observed, lookup(calls));
    expect([offOnly.recording, offOnly.transcription]).toEqual(['off', 'off']);
    // A call URL that fails the allow-list is never fetched and stays unknown.
    const odd = toSnapshot('conf-4', conference, membersSchema.parse([{ id: 'm-9', state: 'active', call: url('..%2Fadmin') }]), observed, lookup(calls));
    expect(odd.recording).toBe('unknown');
  });

  it('refuses a members answer that is neither a list nor `{}`', () => {
    expect(membersSchema.safeParse({ members: [] }).success).toBe(false);
    expect(conferenceSchema.safeParse({ id: 'x', state: 'gone' }).success).toBe(false);
  });

  it('reads Catapult time offsets with and without minutes', () => {
    expect(bandwidthTime('2013-07-12T15:22:47-02')).toBe('2013-07-12T17:22:47.000Z');
    expect(bandwidthTime('2013-07-12T15:22:47+0530')).toBe('2013-07-12T09:52:47.000Z');
    expect(bandwidthTime('2013-07-12T15:22:47Z')).toBe('2013-07-12T15:22:47.000Z');
    expect(bandwidthTime('yesterday')).toBeNull();
    expect(bandwidthTime(undefined)).toBeNull();
  });

  it('turns a 429 with X-RateLimit-Reset (epoch ms) into a wait', () => {
    const now = 1_700_000_000_000;
    expect(retryAfterFromReset({ 'x-ratelimit-reset': String(now + 2500) }, now)).toBe(2500);
    const failure = classifyBandwidth(
      { status: 429, headers: { 'x-ratelimit-reset': String(now + 4000) }, json: { category: 'too-many-requests', code: 'rate-limit-reached' } },
      now,
    );
    expect(failure?.kind).toBe('rate_limited');
    expect(failure?.options.retryAfterMs).toBe(4000);
  });

  it('classifies 404 conference-not-found and 401 by status', () => {
    const notFound = classifyBandwidth({ status: 404, headers: {}, json: { category: 'not-found', code: 'conference-not-found', message: 'x' } });
    expect(notFound?.kind).toBe('not_found');
    expect(notFound?.detail).toBe('HTTP 404 conference-not-found');
    expect(classifyBandwidth({ status: 401, headers: {}, json: undefined })?.kind).toBe('auth');
    expect(classifyBandwidth({ status: 200, headers: {}, json: {} })).toBeNull();
  });
});
