import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NewRoomEvent, RoomEvent } from '../../../src/contract/history';
import { assessCall, type AssuranceBasis, type GoverningPolicy } from '../../../server/assurance/fold';

// An arbitrary instant (not a calendar date): every figure below is relative to it.
const T0 = 1_800_000_000_000;
const iso = (sec: number) => new Date(T0 + sec * 1000).toISOString();

type Body = NewRoomEvent extends infer E ? (E extends unknown ? Omit<E, 'at' | 'observedAt'> : never) : never;
function history(...steps: [number, Body][]): RoomEvent[] {
  return steps.map(([sec, body], i) => ({ ...body, at: iso(sec), observedAt: iso(Math.max(sec, 0)), seq: i + 1 }) as RoomEvent);
}

const policy = (graceSec: number, require = { recording: true, transcription: false }): GoverningPolicy => ({
  policyId: 'p1',
  require,
  graceSec,
});
const basis = (over: Partial<AssuranceBasis> = {}): AssuranceBasis => ({
  governance: policy(60),
  listsParticipants: true,
  vendorStartedAt: null,
  asOf: T0 + 10_000_000,
  ...over,
});

const start = (recording: 'on' | 'off' | 'unknown' = 'on', state: 'active' | 'created' = 'active'): [number, Body] => [
  0,
  { kind: 'watch.started', state, recording, transcription: 'off', activeParticipants: 0 },
];
const join = (sec: number, id: string): [number, Body] => [sec, { kind: 'participant.joined', participantId: id, name: null }];
const leave = (sec: number, id: string): [number, Body] => [sec, { kind: 'participant.left', participantId: id, name: null }];
const rec = (sec: number, to: 'on' | 'off' | 'unknown'): [number, Body] => [sec, { kind: 'recording', from: 'on', to }];
const end = (sec: number): [number, Body][] => [
  [sec, { kind: 'state', from: 'active', to: 'ended' }],
  [sec, { kind: 'watch.stopped', reason: 'ended' }],
];

describe('assurance fold: the exact rules', () => {
  it('recording off for 90 s while two people are present is one violation naming both', () => {
    const events = history(start(), join(0, 'ann'), join(10, 'bob'), rec(30, 'off'), rec(120, 'on'), leave(150, 'bob'), leave(200, 'ann'), ...end(200));
    const a = assessCall(events, basis({ governance: policy(30) }));
    expect(a).toMatchObject({ policyId: 'p1', occupiedSec: 200, recordedSec: 110, unrecordedSec: 90, unverifiedSec: 0, verdict: 'violation' });
    expect(a.coverage).toBeCloseTo(110 / 200, 12);
    expect(a.violations).toEqual([{ from: iso(30), to: iso(120), kind: 'not_recorded', participants: ['ann', 'bob'] }]);
  });

  it('grace restarts with each stretch: two 40 s stretches under a 60 s grace are compliant', () => {
    const events = history(start(), join(0, 'ann'), rec(10, 'off'), rec(50, 'on'), rec(100, 'off'), rec(140, 'on'), ...end(200));
    const a = assessCall(events, basis());
    expect(a).toMatchObject({ unrecordedSec: 80, verdict: 'compliant', violations: [] });
  });

  it('a stretch of exactly graceSec is not a violation; one millisecond more is', () => {
    const exact = history(start(), join(0, 'ann'), rec(10, 'off'), rec(70, 'on'), ...end(100));
    expect(assessCall(exact, basis()).verdict).toBe('compliant');
    const longer = history(start(), join(0, 'ann'), rec(10, 'off'), rec(70.001, 'on'), ...end(100));
    expect(assessCall(longer, basis()).verdict).toBe('violation');
  });

  it('a gap splits a stretch and is unverified, never part of a violation', () => {
    const events = history(
      start(),
      join(0, 'ann'),
      rec(0, 'off'),
      [40, { kind: 'gap.started', reason: 'timeout' }],
      [50, { kind: 'gap.ended', reason: 'timeout' }],
      ...end(90),
    );
    const a = assessCall(events, basis());
    expect(a).toMatchObject({ occupiedSec: 90, unrecordedSec: 80, unverifiedSec: 10, verdict: 'compliant', violations: [] });
    expect(a.unverifiedIntervals).toEqual([{ from: iso(40), to: iso(50) }]);
  });

  it('nobody present is not occupied: a stretch ends when the room empties', () => {
    const events = history(start('off'), join(0, 'ann'), leave(50, 'ann'), join(80, 'bob'), leave(130, 'bob'), ...end(200));
    const a = assessCall(events, basis());
    expect(a).toMatchObject({ occupiedSec: 100, unrecordedSec: 100, verdict: 'compliant', coverage: 0 });
  });

  it('time before watching began, from the vendor start, is unverified', () => {
    const events = history(start(), join(-100, 'ann'), ...end(100));
    const a = assessCall(events, basis({ vendorStartedAt: iso(-100) }));
    expect(a).toMatchObject({ occupiedSec: 200, recordedSec: 100, unverifiedSec: 100, verdict: 'unverified' });
    expect(a.unverifiedIntervals).toEqual([{ from: iso(-100), to: iso(0) }]);
  });

  it('recording unknown is unverified; within grace the call stays compliant', () => {
    const events = history(start(), join(0, 'ann'), rec(10, 'unknown'), rec(40, 'on'), ...end(100));
    expect(assessCall(events, basis())).toMatchObject({ unverifiedSec: 30, recordedSec: 70, verdict: 'compliant' });
    expect(assessCall(events, basis({ governance: policy(29) })).verdict).toBe('unverified');
  });

  it('verdict order: a violation wins over unverified time', () => {
    const events = history(start('unknown'), join(0, 'ann'), rec(100, 'off'), ...end(300));
    expect(assessCall(events, basis({ governance: policy(10) }))).toMatchObject({ unverifiedSec: 100, unrecordedSec: 200, verdict: 'violation' });
  });

  it('not_required when ungoverned or the policy requires nothing, with the figures still given', () => {
    const events = history(start('off'), join(0, 'ann'), ...end(500));
    expect(assessCall(events, basis({ governance: null }))).toMatchObject({ policyId: null, verdict: 'not_required', unrecordedSec: 500, violations: [] });
    const nothing = policy(0, { recording: false, transcription: false });
    expect(assessCall(events, basis({ governance: nothing }))).toMatchObject({ policyId: 'p1', verdict: 'not_required' });
  });

  it('transcription required: a not_transcribed violation', () => {
    const events = history(start(), join(0, 'ann'), ...end(100));
    const a = assessCall(events, basis({ governance: policy(10, { recording: true, transcription: true }) }));
    expect(a.violations).toEqual([{ from: iso(0), to: iso(100), kind: 'not_transcribed', participants: ['ann'] }]);
  });

  it('a live call: the open stretch has to null and counts up to now', () => {
    const events = history(start('off'), join(0, 'ann'));
    const a = assessCall(events, basis({ asOf: T0 + 120_000 }));
    expect(a).toMatchObject({ occupiedSec: 120, unrecordedSec: 120, verdict: 'violation' });
    expect(a.violations).toEqual([{ from: iso(0), to: null, kind: 'not_recorded', participants: ['ann'] }]);
  });

  it('a vendor that cannot list participants: occupied while active; unknown state is unverified', () => {
    const events = history(
      [0, { kind: 'watch.started', state: 'created', recording: 'off', transcription: 'off', activeParticipants: null }],
      [20, { kind: 'state', from: 'created', to: 'active' }],
      [50, { kind: 'state', from: 'active', to: 'unknown' }],
      [80, { kind: 'state', from: 'unknown', to: 'active' }],
      ...end(100),
    );
    const a = assessCall(events, basis({ listsParticipants: false, governance: policy(25) }));
    expect(a).toMatchObject({ occupiedSec: 80, unrecordedSec: 50, unverifiedSec: 30, verdict: 'violation' });
    expect(a.violations.map((v) => [v.from, v.to, v.participants])).toEqual([[iso(20), iso(50), []]]);
  });

  it('never occupied: coverage null, compliant', () => {
    const a = assessCall(history(start(), ...end(100)), basis());
    expect(a).toMatchObject({ occupiedSec: 0, coverage: null, verdict: 'compliant' });
  });
});

// Random histories: a watch start, then steps of time with a change each.
const flag = fc.constantFrom('on' as const, 'off' as const, 'unknown' as const);
const knownFlag = fc.constantFrom('on' as const, 'off' as const);
const who = fc.constantFrom('ann', 'bob', 'cy');
function change(f: fc.Arbitrary<'on' | 'off' | 'unknown'>, withBlindness: boolean): fc.Arbitrary<Body> {
  const common: fc.Arbitrary<Body>[] = [
    f.map((to) => ({ kind: 'recording', from: 'on', to }) as Body),
    f.map((to) => ({ kind: 'transcription', from: 'on', to }) as Body),
    who.map((participantId) => ({ kind: 'participant.joined', participantId, name: null }) as Body),
    who.map((participantId) => ({ kind: 'participant.left', participantId, name: null }) as Body),
  ];
  const blind: fc.Arbitrary<Body>[] = [
    fc.constant({ kind: 'gap.started', reason: 'timeout' } as Body),
    fc.constant({ kind: 'gap.ended', reason: 'timeout' } as Body),
    fc.constantFrom('active' as const, 'unknown' as const, 'ended' as const).map((to) => ({ kind: 'state', from: 'active', to }) as Body),
    fc.constant({ kind: 'watch.stopped', reason: 'idle' } as Body),
  ];
  return fc.oneof(...common, ...(withBlindness ? blind : []));
}
const historyArb = (withBlindness: boolean) =>
  fc
    .record({
      recording: withBlindness ? flag : knownFlag,
      steps: fc.array(fc.tuple(fc.integer({ min: -5, max: 120 }), change(withBlindness ? flag : knownFlag, withBlindness)), { maxLength: 40 }),
      lists: fc.boolean(),
      vendorLead: fc.integer({ min: 0, max: 100 }),
      grace: fc.integer({ min: 0, max: 90 }),
      tail: fc.integer({ min: 0, max: 300 }),
    })
    .map(({ recording, steps, lists, vendorLead, grace, tail }) => {
      let sec = 0;
      const timed: [number, Body][] = [[0, { kind: 'watch.started', state: 'active', recording, transcription: recording, activeParticipants: null }]];
      for (const [dt, body] of steps) {
        sec += dt;
        timed.push([sec, body]);
      }
      return {
        events: history(...timed),
        basis: basis({
          listsParticipants: lists,
          governance: policy(grace, { recording: true, transcription: true }),
          vendorStartedAt: withBlindness ? iso(-vendorLead) : null,
          asOf: T0 + (sec + tail) * 1000,
        }),
      };
    });

const ms = (sec: number) => Math.round(sec * 1000);

describe('assurance fold: properties', () => {
  it('recorded + unrecorded + unverified = occupied; coverage in [0,1], null only when never occupied', () => {
    fc.assert(
      fc.property(historyArb(true), ({ events, basis: b }) => {
        const a = assessCall(events, b);
        expect(ms(a.recordedSec) + ms(a.unrecordedSec) + ms(a.unverifiedSec)).toBe(ms(a.occupiedSec));
        if (a.occupiedSec === 0) expect(a.coverage).toBeNull();
        else {
          expect(a.coverage).not.toBeNull();
          expect(a.coverage).toBeGreaterThanOrEqual(0);
          expect(a.coverage).toBeLessThanOrEqual(1);
        }
        for (const v of a.violations) {
          const to = v.to === null ? b.asOf : Date.parse(v.to);
          expect(to - Date.parse(v.from)).toBeGreaterThan(b.governance!.graceSec * 1000);
        }
        expect(a.verdict === 'violation').toBe(a.violations.length > 0);
      }),
      { numRuns: 300 },
    );
  });

  it('no unknown, no gaps, watching from the start: zero unverified time', () => {
    fc.assert(
      fc.property(historyArb(false), ({ events, basis: b }) => {
        const a = assessCall(events, b);
        expect(a.unverifiedSec).toBe(0);
        expect(a.unverifiedIntervals).toEqual([]);
        expect(a.verdict).not.toBe('unverified');
      }),
      { numRuns: 300 },
    );
  });
});
