import type { CatchUp } from '../../src/contract/dashboard';
import type { NewRoomEvent } from '../../src/contract/history';
import type { CallSnapshot, Participant } from '../../src/contract/snapshot';
import type { SummaryMark } from '../history/fold';

/**
 * Where a participant's display name would come from. Snapshots carry no names today; a vendor
 * adapter that learns them can pass a resolver here without touching the differ.
 */
export type NameOf = (participant: Participant) => string | null;
const noNames: NameOf = () => null;

/**
 * The snapshot the next diff is taken against. Snapshots sometimes omit what they knew a moment
 * ago (the participant list, one participant's mute flag); "not reported" is not a change, so the
 * last known value is carried forward instead of being read as everyone leaving or unmuting.
 */
export function nextBasis(previous: CallSnapshot | null, next: CallSnapshot): CallSnapshot {
  if (!previous?.participants) return next;
  if (!next.participants) return { ...next, participants: previous.participants };
  const before = new Map(previous.participants.map((p) => [p.id, p]));
  return {
    ...next,
    participants: next.participants.map((p) => {
      const known = before.get(p.id)?.muted;
      return p.muted === null && known !== undefined && known !== null ? { ...p, muted: known } : p;
    }),
  };
}

/** Participants in the call now (joined, not waiting or left), by id; the last entry of a repeated id wins. */
export function activeParticipants(snapshot: CallSnapshot): Map<string, Participant> {
  const active = new Map<string, Participant>();
  for (const p of snapshot.participants ?? []) {
    if (p.state === 'joined') active.set(p.id, p);
    else active.delete(p.id);
  }
  return active;
}

function stateChangeAt(next: CallSnapshot): string {
  if (next.state === 'ended' && next.endedAt) return next.endedAt;
  if (next.state === 'active' && next.startedAt) return next.startedAt;
  return next.observedAt;
}

export interface DiffOptions {
  nameOf?: NameOf;
  /**
   * At a baseline, also record the visits of people who had already left (joined and left, with
   * the vendor's times). Only for a room's first watch: a later watch of the same room would
   * record those visits a second time.
   */
  visitsBeforeBaseline?: boolean;
}

/**
 * The events that turn `previous` into `next`. With no previous snapshot this is the baseline:
 * `watch.started`, then a join (and a mute) for everyone already there, at their own join time.
 * `at` is the vendor's own time where it gives one, else the observation's; `observedAt` is always
 * the observation's. Pass `nextBasis(previous, next)` as the next call's `previous`.
 */
export function diffSnapshots(previous: CallSnapshot | null, next: CallSnapshot, options: DiffOptions = {}): NewRoomEvent[] {
  const nameOf = options.nameOf ?? noNames;
  const observedAt = next.observedAt;
  const events: NewRoomEvent[] = [];
  if (previous === null) {
    events.push({
      kind: 'watch.started',
      at: observedAt,
      observedAt,
      state: next.state,
      recording: next.recording,
      transcription: next.transcription,
      activeParticipants: next.activeParticipants ?? (next.participants ? activeParticipants(next).size : null),
      startedAt: next.startedAt,
    });
  } else {
    if (previous.state !== next.state) {
      events.push({ kind: 'state', at: stateChangeAt(next), observedAt, from: previous.state, to: next.state });
    }
    if (previous.recording !== next.recording) {
      events.push({ kind: 'recording', at: observedAt, observedAt, from: previous.recording, to: next.recording });
    }
    if (previous.transcription !== next.transcription) {
      events.push({ kind: 'transcription', at: observedAt, observedAt, from: previous.transcription, to: next.transcription });
    }
  }
  if (previous !== null || options.visitsBeforeBaseline === true) events.push(...missedVisits(previous, next, nameOf));
  events.push(...participantEvents(previous, nextBasis(previous, next), nameOf));
  return events;
}

/**
 * People the vendor lists as gone who were never listed before (a call first seen after they
 * left, or a visit between two observations, or while the BFF was down): their join and leave at
 * the vendor's own times, when it gives both. Without those times nothing is recorded, since the
 * visit's place in the timeline would be invented.
 */
function missedVisits(previous: CallSnapshot | null, next: CallSnapshot, nameOf: NameOf): NewRoomEvent[] {
  if (!next.participants) return [];
  const known = new Set((previous?.participants ?? []).map((p) => p.id));
  const active = activeParticipants(next);
  const events: NewRoomEvent[] = [];
  const seen = new Set<string>();
  for (const p of next.participants) {
    if (p.state !== 'left' || known.has(p.id) || active.has(p.id) || seen.has(p.id)) continue;
    if (p.joinedAt === null || p.leftAt === null) continue;
    seen.add(p.id);
    const name = nameOf(p);
    events.push(
      { kind: 'participant.joined', at: p.joinedAt, observedAt: next.observedAt, participantId: p.id, name },
      { kind: 'participant.left', at: p.leftAt, observedAt: next.observedAt, participantId: p.id, name },
    );
  }
  return events;
}

function participantEvents(previous: CallSnapshot | null, next: CallSnapshot, nameOf: NameOf): NewRoomEvent[] {
  if (!next.participants) return [];
  const observedAt = next.observedAt;
  const before = previous ? activeParticipants(previous) : new Map<string, Participant>();
  const after = activeParticipants(next);
  const listed = new Map(next.participants.map((p) => [p.id, p]));
  const events: NewRoomEvent[] = [];
  for (const [id, was] of before) {
    if (after.has(id)) continue;
    const now = listed.get(id);
    events.push({ kind: 'participant.left', at: now?.leftAt ?? observedAt, observedAt, participantId: id, name: nameOf(now ?? was) });
  }
  for (const [id, p] of after) {
    const was = before.get(id);
    if (!was) {
      // A join seen late (or at the baseline) keeps the vendor's join time; a rejoin after a
      // missed leave has a join time newer than the last one we saw.
      events.push({ kind: 'participant.joined', at: p.joinedAt ?? observedAt, observedAt, participantId: id, name: nameOf(p) });
      if (p.muted === true) events.push({ kind: 'participant.muted', at: observedAt, observedAt, participantId: id });
      continue;
    }
    const wasMuted = was.muted === true;
    const isMuted = p.muted === true;
    if (p.muted !== null && wasMuted !== isMuted) {
      events.push({ kind: isMuted ? 'participant.muted' : 'participant.unmuted', at: observedAt, observedAt, participantId: id });
    }
  }
  return events;
}

export type { SummaryMark };

/**
 * `summary.updated` when the catch-up text changed since `last`, else null. The vendor's
 * `updatedAt` is the event's `at`, so a restart (which keeps only the history) still tells an
 * old summary from a new one; an empty summary that never had text is no update.
 */
export function summaryUpdate(last: SummaryMark | null, catchUp: CatchUp, observedAt: string): NewRoomEvent | null {
  const length = catchUp.text.length;
  if (last === null && length === 0) return null;
  if (last !== null && last.at === catchUp.updatedAt && last.length === length) return null;
  return { kind: 'summary.updated', at: catchUp.updatedAt, observedAt, length, revision: (last?.revision ?? 0) + 1 };
}
