import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NewRoomEvent, RoomEvent } from '../../../src/contract/history';
import type { CallSnapshot, Participant } from '../../../src/contract/snapshot';
import { activeParticipants, diffSnapshots, nextBasis, summaryUpdate } from '../../../server/watch/differ';
import { foldEvents } from '../../../server/history/fold';
import { callReport } from '../../../server/history/report';

const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const iso = (sec: number) => new Date(T0 + sec * 1000).toISOString();

function snapshot(sec: number, over: Partial<CallSnapshot> = {}): CallSnapshot {
  return {
    provider: 'proconf',
    callId: 'room-1',
    state: 'active',
    media: 'video',
    recording: 'off',
    transcription: 'off',
    participants: [],
    activeParticipants: null,
    startedAt: iso(-60),
    endedAt: null,
    observedAt: iso(sec),
    stale: false,
    ...over,
  };
}

const person = (id: string, over: Partial<Participant> = {}): Participant => ({
  id,
  state: 'joined',
  joinedAt: null,
  leftAt: null,
  muted: false,
  onHold: null,
  ...over,
});

const numbered = (events: NewRoomEvent[], from = 1): RoomEvent[] => events.map((e, i) => ({ ...e, seq: from + i }) as RoomEvent);

describe('diffSnapshots', () => {
  it('starts with a baseline and a join, at the vendor join time, for everyone already in the call', () => {
    const first = snapshot(0, {
      recording: 'on',
      participants: [person('ann', { joinedAt: iso(-30), muted: true }), person('bob', { state: 'waiting' })],
    });
    expect(diffSnapshots(null, first)).toEqual([
      {
        kind: 'watch.started',
        at: iso(0),
        observedAt: iso(0),
        state: 'active',
        recording: 'on',
        transcription: 'off',
        activeParticipants: 1,
        startedAt: iso(-60),
      },
      { kind: 'participant.joined', at: iso(-30), observedAt: iso(0), participantId: 'ann', name: null },
      { kind: 'participant.muted', at: iso(0), observedAt: iso(0), participantId: 'ann' },
    ]);
  });

  it('reports changes at the vendor time where it gives one, else at the observation', () => {
    const before = snapshot(0, { participants: [person('ann'), person('bob')] });
    const after = snapshot(2, {
      state: 'ended',
      endedAt: iso(1),
      recording: 'on',
      participants: [person('ann', { state: 'left', leftAt: iso(1.5) }), person('bob', { muted: true })],
    });
    expect(diffSnapshots(before, after)).toEqual([
      { kind: 'state', at: iso(1), observedAt: iso(2), from: 'active', to: 'ended' },
      { kind: 'recording', at: iso(2), observedAt: iso(2), from: 'off', to: 'on' },
      { kind: 'participant.left', at: iso(1.5), observedAt: iso(2), participantId: 'ann', name: null },
      { kind: 'participant.muted', at: iso(2), observedAt: iso(2), participantId: 'bob' },
    ]);
  });

  it('reads a participant who vanished from the list as left at the observation', () => {
    const events = diffSnapshots(snapshot(0, { participants: [person('ann')] }), snapshot(2, { participants: [] }));
    expect(events).toEqual([{ kind: 'participant.left', at: iso(2), observedAt: iso(2), participantId: 'ann', name: null }]);
  });

  it('takes a missing participant list or mute flag as unknown, not as everyone leaving or unmuting', () => {
    const before = snapshot(0, { participants: [person('ann', { muted: true })] });
    expect(diffSnapshots(before, snapshot(2, { participants: null }))).toEqual([]);
    expect(diffSnapshots(before, snapshot(2, { participants: [person('ann', { muted: null })] }))).toEqual([]);
    expect(nextBasis(before, snapshot(2, { participants: null })).participants).toEqual(before.participants);
  });

  it('records a visit it never saw, at the vendor’s join and leave times, and reports it', () => {
    const gone = person('cy', { state: 'left', joinedAt: iso(-600), leftAt: iso(-300) });
    const ended = snapshot(0, { state: 'ended', endedAt: iso(-200), participants: [gone, person('dee', { state: 'left', joinedAt: null, leftAt: iso(-250) })] });
    const events = diffSnapshots(null, ended, { visitsBeforeBaseline: true });
    expect(events.map((e) => [e.kind, e.at])).toEqual([
      ['watch.started', iso(0)],
      ['participant.joined', iso(-600)],
      ['participant.left', iso(-300)],
    ]);
    const report = callReport({ provider: 'proconf', callId: 'room-1' }, foldEvents(numbered(events)), iso(0), T0);
    expect(report.participants).toMatchObject([{ participantId: 'cy', intervals: [{ from: iso(-600), to: iso(-300) }], presentSec: 300 }]);
    // A later watch of the same room does not record those visits again.
    expect(diffSnapshots(null, ended).map((e) => e.kind)).toEqual(['watch.started']);
    // Between two observations: a visit that came and went is recorded; one already seen is not.
    const later = snapshot(4, { participants: [gone, person('eve', { state: 'left', joinedAt: iso(1), leftAt: iso(3) })] });
    expect(diffSnapshots(snapshot(2, { participants: [gone] }), later).map((e) => [e.kind, 'participantId' in e ? e.participantId : '', e.at])).toEqual([
      ['participant.joined', 'eve', iso(1)],
      ['participant.left', 'eve', iso(3)],
    ]);
  });

  it('names participants through the resolver when one is given', () => {
    const events = diffSnapshots(snapshot(0), snapshot(2, { participants: [person('ann')] }), { nameOf: (p) => `Name of ${p.id}` });
    expect(events).toEqual([{ kind: 'participant.joined', at: iso(2), observedAt: iso(2), participantId: 'ann', name: 'Name of ann' }]);
  });
});

describe('summaryUpdate', () => {
  it('numbers each change of the summary and ignores an unchanged one', () => {
    const first = summaryUpdate(null, { text: 'Hello', updatedAt: iso(1) }, iso(2));
    expect(first).toEqual({ kind: 'summary.updated', at: iso(1), observedAt: iso(2), length: 5, revision: 1 });
    expect(summaryUpdate({ at: iso(1), length: 5, revision: 1 }, { text: 'Hello', updatedAt: iso(1) }, iso(4))).toBeNull();
    expect(summaryUpdate({ at: iso(1), length: 5, revision: 1 }, { text: 'Hello all', updatedAt: iso(3) }, iso(4))).toMatchObject({
      length: 9,
      revision: 2,
    });
    expect(summaryUpdate(null, { text: '', updatedAt: iso(1) }, iso(2))).toBeNull();
  });
});

describe('folding the differ’s events', () => {
  const flag = fc.constantFrom('on', 'off', 'unknown' as const);
  const participantArb = fc.record({
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
    state: fc.constantFrom('joined', 'waiting', 'left' as const),
    joinedAt: fc.option(fc.integer({ min: -100, max: 100 }).map(iso), { nil: null }),
    leftAt: fc.option(fc.integer({ min: -100, max: 100 }).map(iso), { nil: null }),
    muted: fc.option(fc.boolean(), { nil: null }),
    onHold: fc.constant(null),
  });
  const stepArb = fc.record({
    state: fc.constantFrom('created', 'ringing', 'active', 'ended', 'unknown' as const),
    recording: flag,
    transcription: flag,
    participants: fc.option(fc.uniqueArray(participantArb, { selector: (p) => p.id, maxLength: 5 }), { nil: null, freq: 4 }),
    startedAt: fc.option(fc.integer({ min: -100, max: 0 }).map(iso), { nil: null }),
    endedAt: fc.option(fc.integer({ min: 0, max: 100 }).map(iso), { nil: null }),
  });

  it('reproduces the last snapshot: state, flags, who is in the call and who is muted', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 25 }), (steps) => {
        let basis: CallSnapshot | null = null;
        const events: RoomEvent[] = [];
        steps.forEach((step, i) => {
          const next = snapshot(i * 2, step);
          events.push(...numbered(diffSnapshots(basis, next), events.length + 1));
          basis = nextBasis(basis, next);
        });
        const last = basis as unknown as CallSnapshot;
        const fold = foldEvents(events);
        expect(fold.state).toBe(last.state);
        expect(fold.recording.state).toBe(last.recording);
        expect(fold.transcription.state).toBe(last.transcription);
        const active = activeParticipants(last);
        expect([...fold.present].sort()).toEqual([...active.keys()].sort());
        const muted = [...active.values()].filter((p) => p.muted === true).map((p) => p.id);
        expect([...fold.muted].sort()).toEqual(muted.sort());
        expect(new Set(events.map((e) => e.seq)).size).toBe(events.length);
      }),
      { numRuns: 300 },
    );
  });
});
