import type { CallSnapshot } from '../../src/contract/snapshot';
import type { BreakerState, CatchUp, ProviderInfo, RoomSummary } from '../../src/contract/dashboard';
import type { ProviderId } from '../../src/contract/ids';

export type { BreakerState };

/**
 * What every vendor adapter offers the routes. Routes know nothing vendor-specific; a vendor
 * is a module (vendorModule.ts) whose createProvider returns one of these.
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
  /** Tencent: the CallId of a TRTC RoomId (webhooks name the room), once the call has been read. */
  callIdForRoom?(roomId: string): string | undefined;
  /** Tencent: the TRTC RoomId of a call, once read. */
  roomIdForCall?(callId: string): string | undefined;
  breakerState(): BreakerState;
  close(): Promise<void>;
}
