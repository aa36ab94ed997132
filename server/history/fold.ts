import type { GapReason, Interval, RoomEvent } from '../../src/contract/history';
import type { CallState, Flag } from '../../src/contract/snapshot';

/** What the history last said about the catch-up summary: the watcher's differ compares the next one to it. */
export interface SummaryMark {
  at: string;
  length: number;
  revision: number;
}

/** A span being built: `to` stays null while it is open. */
export interface Span {
  from: string;
  to: string | null;
}

export interface ParticipantTrack {
  name: string | null;
  spans: Span[];
}

export interface FlagTrack {
  state: Flag;
  /** When the current value began; null when the history does not reach back to it. */
  since: string | null;
  /** The spans during which it was `on`. */
  on: Span[];
}

/**
 * A room's history folded into what the record, report and digest read. Built by `applyEvents`
 * one event at a time, so the watcher keeps one per room and never re-reads its history.
 */
export interface RoomFold {
  lastSeq: number;
  state: CallState;
  startedAt: string | null;
  endedAt: string | null;
  watchedSince: string | null;
  /** The latest `observedAt` of any event. */
  lastEventObservedAt: string | null;
  /** Whether a watch is running (a `watch.started` not yet followed by `watch.stopped`). */
  watching: boolean;
  recording: FlagTrack;
  transcription: FlagTrack;
  /** Ids in the call now, and whether any participant event was seen in this watch. */
  present: Set<string>;
  presentKnown: boolean;
  /** The participant count the last `watch.started` gave (vendors that count but cannot list). */
  baselineParticipants: number | null;
  muted: Set<string>;
  participants: Map<string, ParticipantTrack>;
  peakParticipants: number | null;
  joinedTotal: number;
  leftTotal: number;
  gaps: Span[];
  /** Why the open gap is open, or null when none is. */
  gapReason: GapReason | null;
  summary: SummaryMark | null;
}

export function emptyFold(): RoomFold {
  return {
    lastSeq: 0,
    state: 'unknown',
    startedAt: null,
    endedAt: null,
    watchedSince: null,
    lastEventObservedAt: null,
    watching: false,
    recording: { state: 'unknown', since: null, on: [] },
    transcription: { state: 'unknown', since: null, on: [] },
    present: new Set(),
    presentKnown: false,
    baselineParticipants: null,
    muted: new Set(),
    participants: new Map(),
    peakParticipants: null,
    joinedTotal: 0,
    leftTotal: 0,
    gaps: [],
    gapReason: null,
    summary: null,
  };
}

const openSpan = (spans: Span[]): Span | undefined => {
  const last = spans.at(-1);
  return last && last.to === null ? last : undefined;
};

function closeSpan(spans: Span[], at: string): void {
  const open = openSpan(spans);
  // A vendor time earlier than the span's start (clock skew) closes it empty, never negative.
  if (open) open.to = Date.parse(at) < Date.parse(open.from) ? open.from : at;
}

function setFlag(track: FlagTrack, to: Flag, at: string, since: string | null): void {
  if (to === 'on' && !openSpan(track.on)) track.on.push({ from: at, to: null });
  if (to !== 'on') closeSpan(track.on, at);
  track.state = to;
  track.since = since;
}

function leave(fold: RoomFold, id: string, at: string): void {
  fold.present.delete(id);
  fold.muted.delete(id);
  const track = fold.participants.get(id);
  if (track) closeSpan(track.spans, at);
}

/** Where open spans end when watching stops: the call's end if it ended, else the stop. */
function stopWatching(fold: RoomFold, at: string): void {
  const closeAt = fold.state === 'ended' && fold.endedAt ? fold.endedAt : at;
  for (const id of [...fold.present]) leave(fold, id, closeAt);
  closeSpan(fold.recording.on, closeAt);
  closeSpan(fold.transcription.on, closeAt);
  closeSpan(fold.gaps, at);
  fold.gapReason = null;
  fold.watching = false;
  fold.presentKnown = false;
}

/** Applies events (oldest first) to `fold` in place and returns it. */
export function applyEvents(fold: RoomFold, events: readonly RoomEvent[]): RoomFold {
  for (const event of events) applyEvent(fold, event);
  return fold;
}

export function foldEvents(events: readonly RoomEvent[]): RoomFold {
  return applyEvents(emptyFold(), events);
}

function applyEvent(fold: RoomFold, event: RoomEvent): void {
  fold.lastSeq = Math.max(fold.lastSeq, event.seq);
  if (fold.lastEventObservedAt === null || Date.parse(event.observedAt) > Date.parse(fold.lastEventObservedAt)) {
    fold.lastEventObservedAt = event.observedAt;
  }
  switch (event.kind) {
    case 'watch.started':
      if (fold.watching) stopWatching(fold, event.at);
      fold.watching = true;
      fold.watchedSince ??= event.at;
      fold.state = event.state;
      if (event.startedAt) fold.startedAt = event.startedAt;
      // The baseline says what holds, not since when: `since` is unknown.
      setFlag(fold.recording, event.recording, event.at, null);
      setFlag(fold.transcription, event.transcription, event.at, null);
      fold.baselineParticipants = event.activeParticipants;
      if (event.activeParticipants !== null) fold.peakParticipants = Math.max(fold.peakParticipants ?? 0, event.activeParticipants);
      return;
    case 'state':
      fold.state = event.to;
      if (event.to === 'active') fold.startedAt ??= event.at;
      if (event.to === 'ended') {
        fold.endedAt = event.at;
        // Nothing is recorded or transcribed after the call ended, whatever the flag still says.
        closeSpan(fold.recording.on, event.at);
        closeSpan(fold.transcription.on, event.at);
      }
      return;
    case 'recording':
      setFlag(fold.recording, event.to, event.at, event.at);
      return;
    case 'transcription':
      setFlag(fold.transcription, event.to, event.at, event.at);
      return;
    case 'participant.joined': {
      fold.joinedTotal += 1;
      fold.presentKnown = true;
      if (fold.present.has(event.participantId)) return;
      fold.present.add(event.participantId);
      const track = fold.participants.get(event.participantId) ?? { name: null, spans: [] };
      track.name = event.name ?? track.name;
      track.spans.push({ from: event.at, to: null });
      fold.participants.set(event.participantId, track);
      fold.peakParticipants = Math.max(fold.peakParticipants ?? 0, fold.present.size);
      return;
    }
    case 'participant.left':
      fold.leftTotal += 1;
      fold.presentKnown = true;
      leave(fold, event.participantId, event.at);
      return;
    case 'participant.muted':
      if (fold.present.has(event.participantId)) fold.muted.add(event.participantId);
      return;
    case 'participant.unmuted':
      fold.muted.delete(event.participantId);
      return;
    case 'summary.updated':
      fold.summary = { at: event.at, length: event.length, revision: event.revision };
      return;
    case 'gap.started':
      if (!openSpan(fold.gaps)) fold.gaps.push({ from: event.at, to: null });
      fold.gapReason = event.reason;
      return;
    case 'gap.ended':
      closeSpan(fold.gaps, event.at);
      fold.gapReason = null;
      return;
    case 'watch.stopped':
      stopWatching(fold, event.at);
      return;
  }
}

/** Seconds of `spans` up to `now` for open ones. */
export function spanSeconds(spans: readonly Span[], now: number): number {
  let ms = 0;
  for (const span of spans) ms += Math.max(0, (span.to === null ? now : Date.parse(span.to)) - Date.parse(span.from));
  return ms / 1000;
}

/** Seconds during which a span of `a` and a span of `b` both ran (each list is disjoint in itself). */
export function overlapSeconds(a: readonly Span[], b: readonly Span[], now: number): number {
  let ms = 0;
  for (const x of a) {
    const xFrom = Date.parse(x.from);
    const xTo = x.to === null ? now : Date.parse(x.to);
    for (const y of b) {
      const from = Math.max(xFrom, Date.parse(y.from));
      const to = Math.min(xTo, y.to === null ? now : Date.parse(y.to));
      if (to > from) ms += to - from;
    }
  }
  return ms / 1000;
}

export const toIntervals = (spans: readonly Span[]): Interval[] => spans.map((s) => ({ from: s.from, to: s.to }));
