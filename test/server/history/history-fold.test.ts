import { describe, expect, it } from 'vitest';
import type { NewRoomEvent, RoomEvent } from '../../../src/contract/history';
import { foldEvents } from '../../../server/history/fold';
import { callRecord } from '../../../server/history/record';
import { callReport } from '../../../server/history/report';
import { csvCell, reportCsv } from '../../../server/history/reportCsv';
import { digest } from '../../../server/history/digest';

const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const iso = (sec: number) => new Date(T0 + sec * 1000).toISOString();
const room = { provider: 'proconf' as const, callId: 'room-1' };

type Body = NewRoomEvent extends infer E ? (E extends unknown ? Omit<E, 'at' | 'observedAt'> : never) : never;
/** Events at `sec` (observed then too), numbered in order. */
function history(...steps: [number, Body][]): RoomEvent[] {
  return steps.map(([sec, body], i) => ({ ...body, at: iso(sec), observedAt: iso(Math.max(sec, 0)), seq: i + 1 }) as RoomEvent);
}

// Ann was there before watching began; recording 10–50 s, transcription 30 s to the end at 80 s.
const call = history(
  [0, { kind: 'watch.started', state: 'active', recording: 'off', transcription: 'off', activeParticipants: 1, startedAt: iso(-60) }],
  [-30, { kind: 'participant.joined', participantId: 'ann', name: 'Ann' }],
  [10, { kind: 'recording', from: 'off', to: 'on' }],
  [20, { kind: 'participant.joined', participantId: 'bob', name: null }],
  [30, { kind: 'transcription', from: 'off', to: 'on' }],
  [40, { kind: 'participant.left', participantId: 'ann', name: 'Ann' }],
  [50, { kind: 'recording', from: 'on', to: 'off' }],
  [60, { kind: 'gap.started', reason: 'vendor_unavailable' }],
  [70, { kind: 'gap.ended', reason: 'vendor_unavailable' }],
  [80, { kind: 'state', from: 'active', to: 'ended' }],
  [85, { kind: 'participant.left', participantId: 'bob', name: null }],
  [90, { kind: 'watch.stopped', reason: 'ended' }],
);

describe('call record and report', () => {
  it('an ended call: durations, peak, and who was present while recording and transcription ran', () => {
    const report = callReport(room, foldEvents(call), iso(90), T0 + 1_000_000);
    expect(report.call).toEqual({
      provider: 'proconf',
      callId: 'room-1',
      state: 'ended',
      startedAt: iso(-60),
      endedAt: iso(80),
      watchedSince: iso(0),
      lastObservedAt: iso(90),
      durationSec: 140,
      peakParticipants: 2,
      recordedSec: 40,
      transcribedSec: 50,
    });
    expect(report.participants).toEqual([
      {
        participantId: 'ann',
        name: 'Ann',
        intervals: [{ from: iso(-30), to: iso(40) }],
        presentSec: 70,
        presentWhileRecordingSec: 30,
        presentWhileTranscribingSec: 10,
      },
      {
        participantId: 'bob',
        name: null,
        intervals: [{ from: iso(20), to: iso(85) }],
        presentSec: 65,
        presentWhileRecordingSec: 30,
        presentWhileTranscribingSec: 50,
      },
    ]);
    expect(report.recording).toEqual([{ from: iso(10), to: iso(50) }]);
    expect(report.transcription).toEqual([{ from: iso(30), to: iso(80) }]);
    expect(report.gaps).toEqual([{ from: iso(60), to: iso(70) }]);
  });

  it('a live call: open intervals have no end and count up to now', () => {
    const report = callReport(room, foldEvents(call.slice(0, 5)), iso(30), T0 + 35_000);
    expect(report.participants[0]).toMatchObject({
      intervals: [{ from: iso(-30), to: null }],
      presentSec: 65,
      presentWhileRecordingSec: 25,
      presentWhileTranscribingSec: 5,
    });
    expect(report.recording).toEqual([{ from: iso(10), to: null }]);
    expect(report.call).toMatchObject({ state: 'active', endedAt: null, durationSec: 95, recordedSec: 25, transcribedSec: 5 });
  });

  it('closes what is open where watching stopped, and a new watch starts a new interval', () => {
    const events = history(
      [0, { kind: 'watch.started', state: 'active', recording: 'on', transcription: 'unknown', activeParticipants: 0, startedAt: null }],
      [5, { kind: 'participant.joined', participantId: 'ann', name: null }],
      [20, { kind: 'watch.stopped', reason: 'idle' }],
      [100, { kind: 'watch.started', state: 'active', recording: 'on', transcription: 'unknown', activeParticipants: 1, startedAt: null }],
      [90, { kind: 'participant.joined', participantId: 'ann', name: null }],
    );
    const report = callReport(room, foldEvents(events), iso(110), T0 + 110_000);
    expect(report.participants[0]?.intervals).toEqual([
      { from: iso(5), to: iso(20) },
      { from: iso(90), to: null },
    ]);
    expect(report.recording).toEqual([
      { from: iso(0), to: iso(20) },
      { from: iso(100), to: null },
    ]);
    expect(report.call.recordedSec).toBe(30);
    expect(report.call.durationSec).toBeNull();
  });

  it('a record counts open spans only up to the given time', () => {
    const record = callRecord(room, foldEvents(call.slice(0, 3)), iso(16), T0 + 16_000);
    expect(record.recordedSec).toBe(6);
  });
});

describe('report CSV', () => {
  it('one row per interval with its overlaps, RFC 4180 quoting, and formulas defused', () => {
    const events = history(
      [0, { kind: 'watch.started', state: 'active', recording: 'on', transcription: 'off', activeParticipants: 0, startedAt: null }],
      [0, { kind: 'participant.joined', participantId: 'p1', name: '=HYPERLINK("x")' }],
      [10, { kind: 'participant.left', participantId: 'p1', name: null }],
      [15, { kind: 'participant.joined', participantId: 'p1', name: null }],
      [20, { kind: 'participant.joined', participantId: 'p2', name: 'Lee, "Sam"' }],
      [25, { kind: 'recording', from: 'on', to: 'off' }],
    );
    const report = callReport(room, foldEvents(events), iso(30), T0 + 30_000);
    expect(reportCsv(report, T0 + 30_000).split('\r\n')).toEqual([
      'participantId,name,from,to,presentSec,whileRecordingSec,whileTranscribingSec',
      `p1,"'=HYPERLINK(""x"")",${iso(0)},${iso(10)},10,10,0`,
      `p1,"'=HYPERLINK(""x"")",${iso(15)},,15,10,0`,
      `p2,"Lee, ""Sam""",${iso(20)},,10,5,0`,
      '',
    ]);
  });

  it('defuses every formula lead character and leaves numbers alone', () => {
    expect(['=1', '+1', '-1', '@a', '\tx'].map(csvCell)).toEqual(["'=1", "'+1", "'-1", "'@a", "'\tx"]);
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(null)).toBe('');
    expect(csvCell('a\nb')).toBe('"a\nb"');
  });
});

describe('digest', () => {
  const live = call.slice(0, 7);

  it('moderators: state, since when each flag holds, counts and the recent events', () => {
    expect(digest(foldEvents(live), live, 'moderator')).toEqual({
      startedAt: iso(-60),
      state: 'active',
      recording: { state: 'off', since: iso(50) },
      transcription: { state: 'on', since: iso(30) },
      participantsNow: 1,
      joinedTotal: 2,
      leftTotal: 1,
      recent: live,
      watchedSince: iso(0),
    });
  });

  it('participants: the same counts, never a participant event', () => {
    const seen = digest(foldEvents(live), live, 'participant');
    expect(seen.recent.map((e) => e.kind)).toEqual(['watch.started', 'recording', 'transcription', 'recording']);
    expect(seen.participantsNow).toBe(1);
    expect(JSON.stringify(seen)).not.toContain('Ann');
  });

  it('keeps the last ten; a baseline flag has no known start', () => {
    const many = history(
      [0, { kind: 'watch.started', state: 'active', recording: 'on', transcription: 'off', activeParticipants: 3, startedAt: null }],
      ...Array.from({ length: 12 }, (_, i): [number, Body] => [i + 1, { kind: 'summary.updated', length: i, revision: i + 1 }]),
    );
    const seen = digest(foldEvents(many), many, 'participant');
    expect(seen.recent.map((e) => e.seq)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(seen.recording).toEqual({ state: 'on', since: null });
    expect(seen.participantsNow).toBe(3);
    expect(digest(foldEvents(call), call, 'moderator').participantsNow).toBe(0);
  });
});
