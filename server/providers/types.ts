import type { CallSnapshot } from '../../src/contract/snapshot';
import type { CatchUp, ProviderInfo, RoomSummary } from '../../src/contract/dashboard';
import type { ProviderId } from '../../src/contract/ids';

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * What every vendor adapter offers the routes. Routes know nothing vendor-specific: a new
 * vendor is a new folder under server/providers/ plus one line in registry.ts.
 * Methods throw UpstreamError (server/errors.ts) on vendor failures.
 */
export interface Provider {
  readonly id: ProviderId;
  readonly info: ProviderInfo;
  /** Vendor-specific id check on top of the shared allow-list; false → 404 before any request. */
  isValidCallId(callId: string): boolean;
  getSnapshot(callId: string): Promise<CallSnapshot>;
  /** Present only when info.capabilities.catchUp. */
  getCatchUp?(callId: string): Promise<CatchUp>;
  /** Present only when info.capabilities.roomListing. */
  listRooms?(): Promise<RoomSummary[]>;
  breakerState(): BreakerState;
  close(): Promise<void>;
}
