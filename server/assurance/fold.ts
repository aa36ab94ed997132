import type { CallAssurance, Verdict, Violation, ViolationKind } from '../../src/contract/assurance';
import type { RoomEvent } from '../../src/contract/history';
import type { CallState, Flag } from '../../src/contract/snapshot';
import { cursor, setAt, steps, trueSpans, valueNow, type Steps } from './steps';

/** The policy values a call keeps from when it was first seen occupied (null: ungoverned). */
export interface GoverningPolicy {
  policyId: string;
  require: { recording: boolean; transcription: boolean };
  graceSec: number;
}

/** Everything besides the events that the figures depend on; evidence carries it too. */
export interface AssuranceBasis {
  governance: GoverningPolicy | null;
  /** Whether the vendor lists participants; if not, a call is occupied while its state is `active`. */
  listsParticipants: boolean;
  /** The vendor's start time of the call: time from here until watching began is unverified. */
  vendorStartedAt: string | null;
  /** Where open spans of a live call end (epoch ms). */
  asOf: number;
}

/** One flag's status at an instant of the call. */
type Status = 'idle' | 'unverified' | 'on' | 'off';

interface Timeline {
  state: Steps<CallState>;
  recording: Steps<Flag>;
  transcription: Steps<Flag>;
  gap: Steps<boolean>;
  watching: Steps<boolean>;
  participants: Map<string, Steps<boolean>>;
  firstWatchAt: number | null;
}

function buildTimeline(events: readonly RoomEvent[]): Timeline {
  const t: Timeline = {
    state: steps<CallState>('unknown'),
    recording: steps<Flag>('unknown'),
    transcription: steps<Flag>('unknown'),
    gap: steps(false),
    watching: steps(false),
    participants: new Map(),
    firstWatchAt: null,
  };
  const person = (id: string): Steps<boolean> => {
    const known = t.participants.get(id);
    if (known) return known;
    const track = steps(false);
    t.participants.set(id, track);
    return track;
  };
  const leaveAll = (at: number): void => {
    for (const track of t.participants.values()) if (valueNow(track)) setAt(track, at, false);
  };
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  for (const event of sorted) {
    const at = Date.parse(event.at);
    switch (event.kind) {
      case 'watch.started':
        if (valueNow(t.watching)) leaveAll(at);
        t.firstWatchAt ??= at;
        setAt(t.watching, at, true);
        setAt(t.gap, at, false);
        setAt(t.state, at, event.state);
        setAt(t.recording, at, event.recording);
        setAt(t.transcription, at, event.transcription);
        break;
      case 'state':
        setAt(t.state, at, event.to);
        break;
      case 'recording':
        setAt(t.recording, at, event.to);
        break;
      case 'transcription':
        setAt(t.transcription, at, event.to);
        break;
      case 'participant.joined':
        setAt(person(event.participantId), at, true);
        break;
      case 'participant.left':
        setAt(person(event.participantId), at, false);
        break;
      case 'gap.started':
        setAt(t.gap, at, true);
        break;
      case 'gap.ended':
        setAt(t.gap, at, false);
        break;
      case 'watch.stopped': {
        const last = t.state.points.at(-1);
        // People still listed when the call ended left when it ended, not when watching stopped.
        leaveAll(last?.value === 'ended' ? last.at : at);
        setAt(t.watching, at, false);
        setAt(t.gap, at, false);
        break;
      }
      default:
        break;
    }
  }
  return t;
}

/** Where the call's time ends: its end, else now while watched, else where watching stopped. */
function windowEnd(t: Timeline, asOf: number): number {
  const lastState = t.state.points.at(-1);
  if (lastState?.value === 'ended') return lastState.at;
  if (valueNow(t.watching)) return asOf;
  return t.watching.points.at(-1)?.at ?? asOf;
}

interface Segment {
  from: number;
  to: number;
  recording: Status;
  transcription: Status;
}

function segments(t: Timeline, basis: AssuranceBasis): { segments: Segment[]; end: number; open: boolean } {
  if (t.firstWatchAt === null) return { segments: [], end: basis.asOf, open: false };
  const vendorStart = basis.vendorStartedAt === null ? Number.NaN : Date.parse(basis.vendorStartedAt);
  const start = Number.isNaN(vendorStart) ? t.firstWatchAt : Math.min(vendorStart, t.firstWatchAt);
  const end = Math.max(start, windowEnd(t, basis.asOf));
  const open = valueNow(t.state) !== 'ended' && valueNow(t.watching);

  // Presence count as +1/-1 changes; the count at an instant is the sum of changes up to it.
  const deltas: { at: number; d: number }[] = [];
  for (const track of t.participants.values()) {
    let was = track.initial;
    for (const { at, value } of track.points) {
      if (value !== was) deltas.push({ at, d: value ? 1 : -1 });
      was = value;
    }
  }
  deltas.sort((a, b) => a.at - b.at);

  const cuts = new Set<number>([start, end]);
  const addCuts = (points: readonly { at: number }[]): void => {
    for (const { at } of points) if (at > start && at < end) cuts.add(at);
  };
  addCuts(t.state.points);
  addCuts(t.recording.points);
  addCuts(t.transcription.points);
  addCuts(t.gap.points);
  addCuts(t.watching.points);
  addCuts(deltas);
  const times = [...cuts].sort((a, b) => a - b);

  const stateAt = cursor(t.state);
  const recordingAt = cursor(t.recording);
  const transcriptionAt = cursor(t.transcription);
  const gapAt = cursor(t.gap);
  const watchingAt = cursor(t.watching);
  let present = 0;
  let di = 0;
  const out: Segment[] = [];
  for (let i = 0; i + 1 < times.length; i += 1) {
    const from = times[i] ?? start;
    const to = times[i + 1] ?? end;
    while (di < deltas.length && (deltas[di]?.at ?? Infinity) <= from) present += deltas[di++]?.d ?? 0;
    const state = stateAt(from);
    const watching = watchingAt(from);
    if (!watching) {
      // Before watching began (from the vendor's start) or between two watches: roomwatch could
      // not see the call, so the time counts as occupied and unverified.
      out.push({ from, to, recording: 'unverified', transcription: 'unverified' });
      continue;
    }
    const occupied =
      state !== 'ended' && (basis.listsParticipants ? present > 0 : state === 'active' || state === 'unknown');
    if (!occupied) {
      out.push({ from, to, recording: 'idle', transcription: 'idle' });
      continue;
    }
    const blind = gapAt(from) || state === 'unknown';
    const status = (flag: Flag): Status => (blind || flag === 'unknown' ? 'unverified' : flag);
    out.push({ from, to, recording: status(recordingAt(from)), transcription: status(transcriptionAt(from)) });
  }
  return { segments: out, end, open };
}

const iso = (ms: number): string => new Date(ms).toISOString();

interface Stretch {
  from: number;
  to: number;
}

/** Maximal runs of touching segments that satisfy `pick`. */
function stretches(segs: readonly Segment[], pick: (s: Segment) => boolean): Stretch[] {
  const runs: Stretch[] = [];
  for (const s of segs) {
    if (!pick(s) || s.to <= s.from) continue;
    const last = runs.at(-1);
    if (last && last.to === s.from) last.to = s.to;
    else runs.push({ from: s.from, to: s.to });
  }
  return runs;
}

/**
 * A call's recording assurance by the exact rules in docs/assurance.md, from its events alone (plus the
 * basis). Pure: the server, the evidence and the verifier all call this, so they agree to the
 * millisecond. Seconds are whole milliseconds ÷ 1000.
 */
export function assessCall(events: readonly RoomEvent[], basis: AssuranceBasis): CallAssurance {
  const t = buildTimeline(events);
  const { segments: segs, end, open } = segments(t, basis);
  let occupied = 0;
  let recorded = 0;
  let unrecorded = 0;
  let unverified = 0;
  let transcriptionUnverified = 0;
  for (const s of segs) {
    const ms = s.to - s.from;
    if (s.recording === 'idle') continue;
    occupied += ms;
    if (s.recording === 'on') recorded += ms;
    else if (s.recording === 'off') unrecorded += ms;
    else unverified += ms;
    if (s.transcription === 'unverified') transcriptionUnverified += ms;
  }
  const unverifiedIntervals = stretches(segs, (s) => s.recording === 'unverified').map((r) => ({
    from: iso(r.from),
    to: open && r.to === end ? null : iso(r.to),
  }));

  const gov = basis.governance;
  const requires = gov !== null && (gov.require.recording || gov.require.transcription);
  const violations: Violation[] = [];
  let verdict: Verdict = 'not_required';
  if (gov !== null && requires) {
    const graceMs = gov.graceSec * 1000;
    const presence = [...t.participants].map(([id, track]) => ({ id, spans: trueSpans(track, end) }));
    const collect = (kind: ViolationKind, flag: 'recording' | 'transcription'): void => {
      for (const r of stretches(segs, (s) => s[flag] === 'off')) {
        if (r.to - r.from <= graceMs) continue;
        const participants = presence
          .filter((p) => p.spans.some((span) => span.from < r.to && span.to > r.from))
          .map((p) => p.id)
          .sort();
        violations.push({ from: iso(r.from), to: open && r.to === end ? null : iso(r.to), kind, participants });
      }
    };
    if (gov.require.recording) collect('not_recorded', 'recording');
    if (gov.require.transcription) collect('not_transcribed', 'transcription');
    violations.sort((a, b) => Date.parse(a.from) - Date.parse(b.from) || a.kind.localeCompare(b.kind));
    // Unverified time is measured for each required flag; the larger one decides.
    const unverifiedMs = Math.max(
      gov.require.recording ? unverified : 0,
      gov.require.transcription ? transcriptionUnverified : 0,
    );
    verdict = violations.length > 0 ? 'violation' : unverifiedMs > graceMs ? 'unverified' : 'compliant';
  }
  return {
    policyId: gov?.policyId ?? null,
    occupiedSec: occupied / 1000,
    recordedSec: recorded / 1000,
    unrecordedSec: unrecorded / 1000,
    unverifiedSec: unverified / 1000,
    coverage: occupied > 0 ? recorded / occupied : null,
    verdict,
    violations,
    unverifiedIntervals,
  };
}
