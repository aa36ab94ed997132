import type { CatchUp } from '../../src/contract/dashboard';
import type { GapReason, NewRoomEvent } from '../../src/contract/history';
import type { CallSnapshot } from '../../src/contract/snapshot';
import { isUpstreamError } from '../errors';
import type { RoomFold } from '../history/fold';
import { diffSnapshots, nextBasis, summaryUpdate, type NameOf } from './differ';

/** What one poll of a room got. */
export type Observation =
  | { kind: 'snapshot'; snapshot: CallSnapshot; catchUp: CatchUp | undefined }
  | { kind: 'failure'; error: unknown };

/** What the watcher knows of a room between polls. */
export interface RoomView {
  fold: RoomFold;
  /** The last good snapshot, with what it omitted carried forward (see nextBasis). */
  basis: CallSnapshot | null;
}

export interface Plan {
  events: NewRoomEvent[];
  basis: CallSnapshot | null;
  /** The new observation's time, when the poll saw the room. */
  observedAt: string | null;
  /** `ended`: write watch.stopped (already in `events`) and stop; `forget`: stop, nothing to write. */
  stop: 'ended' | 'forget' | null;
  /** Set when the failure was not the vendor's (a bug): logged, not shown as a gap. */
  bug?: unknown;
}

/**
 * How a failed read shows in the history. A stale snapshot is the cache covering for a failing
 * vendor: no new observation, so it opens a gap like the failure itself would.
 */
export function gapReasonOf(error: unknown): GapReason | 'not_found' | undefined {
  if (!isUpstreamError(error)) return undefined;
  switch (error.kind) {
    case 'not_found':
      return 'not_found';
    case 'rate_limited':
      return 'rate_limited';
    case 'timeout':
      return 'timeout';
    case 'unavailable':
    case 'auth':
    case 'bad_answer':
    case 'bad_request':
      return 'vendor_unavailable';
  }
}

/**
 * The events one poll adds. A good snapshot closes an open gap and is diffed against the last
 * good one, so whatever changed during the gap appears; a room seen `ended` at the previous poll
 * stops now. A failure opens a gap (once). A room that was watched and is now unknown to its
 * vendor has ended (vendors drop finished calls); one never seen is simply forgotten.
 */
export function planObservation(view: RoomView, observation: Observation, now: string, nameOf?: NameOf): Plan {
  const { fold } = view;
  const idle: Plan = { events: [], basis: view.basis, observedAt: null, stop: null };
  if (observation.kind === 'snapshot' && !observation.snapshot.stale) {
    const { snapshot } = observation;
    const at = snapshot.observedAt;
    const previous = fold.watching ? view.basis : null;
    const events: NewRoomEvent[] = [];
    if (fold.watching && fold.gapReason) events.push({ kind: 'gap.ended', at, observedAt: at, reason: fold.gapReason });
    events.push(...diffSnapshots(previous, snapshot, { ...(nameOf ? { nameOf } : {}), visitsBeforeBaseline: fold.lastSeq === 0 }));
    const summary = observation.catchUp ? summaryUpdate(fold.summary, observation.catchUp, at) : null;
    if (summary) events.push(summary);
    const endedBefore = fold.watching && fold.state === 'ended';
    const stop = endedBefore && snapshot.state === 'ended' ? 'ended' : null;
    if (stop) events.push({ kind: 'watch.stopped', at, observedAt: at, reason: 'ended' });
    return { events, basis: nextBasis(previous, snapshot), observedAt: at, stop };
  }
  const reason = observation.kind === 'snapshot' ? 'vendor_unavailable' : gapReasonOf(observation.error);
  if (reason === undefined) return { ...idle, bug: observation.kind === 'failure' ? observation.error : undefined };
  if (reason === 'not_found') {
    if (!fold.watching) return { ...idle, stop: 'forget' };
    const events: NewRoomEvent[] = [];
    if (fold.gapReason) events.push({ kind: 'gap.ended', at: now, observedAt: now, reason: fold.gapReason });
    if (fold.state !== 'ended') events.push({ kind: 'state', at: now, observedAt: now, from: fold.state, to: 'ended' });
    events.push({ kind: 'watch.stopped', at: now, observedAt: now, reason: 'ended' });
    return { events, basis: view.basis, observedAt: null, stop: 'ended' };
  }
  if (!fold.watching || fold.gapReason) return idle;
  return { ...idle, events: [{ kind: 'gap.started', at: now, observedAt: now, reason }] };
}

/**
 * What a process that finds a room still being watched in the store (it stopped without saying
 * so) writes first: the time since the last observation is a `not_watching` gap. A vendor gap open
 * at the stop is closed there, so each gap has one reason.
 */
export function resumeEvents(fold: RoomFold, lastObservedAt: string | null, now: string): NewRoomEvent[] {
  if (!fold.watching || fold.gapReason === 'not_watching') return [];
  const lastSeen = lastObservedAt ?? fold.lastEventObservedAt ?? now;
  if (fold.gapReason) {
    const openedAt = fold.gaps.at(-1)?.from ?? lastSeen;
    const at = Date.parse(openedAt) > Date.parse(lastSeen) ? openedAt : lastSeen;
    return [
      { kind: 'gap.ended', at, observedAt: now, reason: fold.gapReason },
      { kind: 'gap.started', at, observedAt: now, reason: 'not_watching' },
    ];
  }
  return [{ kind: 'gap.started', at: lastSeen, observedAt: now, reason: 'not_watching' }];
}
