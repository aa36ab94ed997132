import type { Governance } from '../../src/contract/assurance';
import type { RoomEvent } from '../../src/contract/history';
import type { HistoryStore, RoomRef } from '../history/store';
import type { AssuranceBasis } from './fold';

const PAGE = 500;

/** A room's whole history, oldest first, read page by page. */
export async function readAllEvents(store: Pick<HistoryStore, 'events'>, room: RoomRef): Promise<RoomEvent[]> {
  const all: RoomEvent[] = [];
  for (let after = 0; ; ) {
    const page = await store.events(room, after, PAGE);
    all.push(...page);
    if (page.length < PAGE) return all;
    after = page.at(-1)?.seq ?? after;
  }
}

/** The vendor's start time as the first watch saw it: time before that watch is unverified. */
export function vendorStartOf(events: readonly RoomEvent[]): string | null {
  const first = events.find((e) => e.kind === 'watch.started');
  return first?.kind === 'watch.started' ? (first.startedAt ?? null) : null;
}

/** The fold's basis for a call: its frozen governance, the vendor's capability, its own start. */
export function basisOf(
  events: readonly RoomEvent[],
  governance: Governance | null,
  listsParticipants: boolean,
  asOf: number,
): AssuranceBasis {
  return {
    governance: governance ? { policyId: governance.policyId, require: governance.require, graceSec: governance.graceSec } : null,
    listsParticipants,
    vendorStartedAt: vendorStartOf(events),
    asOf,
  };
}
