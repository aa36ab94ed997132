import type { CallSnapshot } from '../../src/contract/snapshot';
import type { BreakerState, CatchUp, ProviderInfo, RoomSummary } from '../../src/contract/dashboard';
import type { ProviderId } from '../../src/contract/ids';
import type { CallStatus } from '../../src/contract/proconfAppServer';
import type { Observed } from '../upstream/cache';

export type { BreakerState };

/**
 * What every vendor adapter offers the routes. Routes know nothing vendor-specific; a vendor
 * is a module (vendorModule.ts) whose createProvider returns one of these. What only one
 * vendor has (TRTC rooms, the application-server reads) is reached through its descriptor.
 * Methods throw UpstreamError (server/errors.ts) on vendor failures.
 */
export interface Provider {
  readonly id: ProviderId;
  readonly info: ProviderInfo;
  getSnapshot(callId: string): Promise<CallSnapshot>;
  /** Present only when info.capabilities.catchUp. */
  getCatchUp?(callId: string): Promise<CatchUp>;
  /** Present only when info.capabilities.roomListing. */
  listRooms?(): Promise<RoomSummary[]>;
  /**
   * A webhook said the room changed: drop its cached reads so the next snapshot asks the
   * vendor. `memberCallIds` (Bandwidth): member calls whose details to read again first.
   */
  invalidate?(callId: string, memberCallIds?: readonly string[]): void;
  breakerState(): BreakerState;
  close(): Promise<void>;
}

/**
 * The reads behind the ProCONF application-server routes (`/api/proconf/...`), in ProCONF's own
 * shapes. Served by the one vendor whose descriptor says `appServer` (ProCONF's adapter).
 */
export interface AppServerBackend {
  callStatus(room: string): Promise<Observed<CallStatus>>;
  /** `callStatus` when a fresh answer is at hand, without a promise; else undefined (then `callStatus`). */
  freshCallStatus?(room: string): Observed<CallStatus> | undefined;
  catchUpText(room: string): Promise<Observed<string>>;
  callSummary(room: string): Promise<Observed<string>>;
}
