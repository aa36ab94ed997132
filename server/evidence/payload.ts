import type { EvidencePayload, Governance } from '../../src/contract/assurance';
import type { RoomEvent } from '../../src/contract/history';
import type { RoomRef } from '../history/store';
import { assessCall } from '../assurance/fold';
import { basisOf } from '../assurance/callEvents';
import type { ChainInput } from './chain';

/** A stored event with its place in the room's chain. */
export type ChainedRoomEvent = RoomEvent & { prevHash: string; hash: string };

/**
 * What evidence says about one call: its events as stored (chain links included), the head of the
 * chain, and the assurance figures with the basis they were computed from, so a verifier can
 * recompute them from the file alone.
 */
export function evidencePayload(input: {
  room: RoomRef;
  events: readonly ChainedRoomEvent[];
  governance: Governance | null;
  listsParticipants: boolean;
  live: boolean;
  now: number;
}): EvidencePayload {
  const basis = basisOf(input.events, input.governance, input.listsParticipants, input.now);
  return {
    provider: input.room.provider,
    callId: input.room.callId,
    issuedAt: new Date(input.now).toISOString(),
    events: input.events.map((e) => ({ ...(e as ChainInput), seq: e.seq, kind: e.kind, at: e.at, prevHash: e.prevHash, hash: e.hash })),
    headHash: input.events.at(-1)?.hash ?? null,
    assurance: assessCall(input.events, basis),
    complete: !input.live,
    basis: {
      governance: input.governance,
      listsParticipants: input.listsParticipants,
      vendorStartedAt: basis.vendorStartedAt,
      asOf: new Date(input.now).toISOString(),
    },
  };
}
