import type { z } from 'zod';
import type { RateBucket } from './rateBucket';

/**
 * What one vendor's upstream layer shares with the other instances when several run (REDIS_URL):
 * the request budget of a vendor account and word that a room changed. start.ts puts it into
 * the vendor's policy; absent, the budget and the caches are this process's own, as before.
 */
export interface SharedUpstream {
  /**
   * The budget of one vendor account. `accountIdentity` names the account without secrets
   * (base URL, plus the user or app id where one URL serves many accounts).
   */
  rateBucket(accountIdentity: string, ratePerSecond: number, burst: number): RateBucket;
  /** Calls `handler` with the vendor's call id whenever some instance saw that room change. */
  onRoomChanged(handler: (callId: string) => void): () => void;
  /**
   * A vendor-wide resource that every room's read needs too (ProCONF's meeting list): read at
   * most once per `maxAgeMs` by all instances together, as one instance's cache reads it.
   */
  readShared?<T>(name: string, maxAgeMs: number, schema: z.ZodType<T>, read: () => Promise<T>): Promise<T>;
}
