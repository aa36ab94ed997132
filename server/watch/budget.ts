import type { ProviderId } from '../../src/contract/ids';

/**
 * Upstream requests one snapshot costs at most: Bandwidth reads the conference and its members.
 * The other built-in vendors spend one, or have no client-side limit at all.
 */
export const SNAPSHOT_REQUESTS = 2;

/**
 * The part of a vendor's request budget the watcher may spend. The rest is left to viewers'
 * cache misses and the room listings, so a watched vendor keeps answering the people looking at it.
 */
export const WATCH_BUDGET_SHARE = 0.5;

/**
 * The shortest per-room poll interval each vendor's budget allows: with `watched` rooms of a
 * vendor limited to `ratePerSecond` requests a second, each room is read at most every
 * watched × SNAPSHOT_REQUESTS / (ratePerSecond × WATCH_BUDGET_SHARE) seconds. A vendor without a
 * client-side limit (null) allows any interval (0). Polling faster than this would not see more:
 * the token bucket would hold the reads back and then refuse them, and every refusal would show
 * as a `rate_limited` gap in the history.
 */
export function budgetIntervals(ratePerSecond: ReadonlyMap<ProviderId, number | null>): (provider: ProviderId, watched: number) => number {
  return (provider, watched) => {
    const rate = ratePerSecond.get(provider) ?? null;
    if (rate === null || watched <= 0) return 0;
    return Math.ceil((watched * SNAPSHOT_REQUESTS * 1000) / (rate * WATCH_BUDGET_SHARE));
  };
}
