import { LRUCache } from 'lru-cache';
import type { BandwidthCallDetails } from './schema';

interface Entry {
  /** undefined when the last fetch failed and nothing was ever known. */
  details: BandwidthCallDetails | undefined;
  fetchedAt: number;
}

export interface CallDetailsCacheOptions {
  fetch(callId: string): Promise<BandwidthCallDetails>;
  /** How long a call's details count as fresh; a call's recordingEnabled rarely changes. */
  ttlMs: number;
  max?: number;
  now?: () => number;
}

/**
 * Member calls' details (`GET /calls/{callId}`), kept longer than the conference reads and
 * refreshed one call per snapshot at most, so that a conference of six members does not spend
 * six of Catapult's 1 request/s on every overview refresh. Concurrent snapshots of one
 * conference share its refresh, so the "one per snapshot" holds under many browsers too.
 */
export class CallDetailsCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly refreshing = new Map<string, Promise<void>>();
  private readonly now: () => number;

  constructor(private readonly options: CallDetailsCacheOptions) {
    this.entries = new LRUCache<string, Entry>({ max: options.max ?? 5000 });
    this.now = options.now ?? Date.now;
  }

  /** The last details fetched for a call (however old: a known value beats unknown). */
  get(callId: string): BandwidthCallDetails | undefined {
    return this.entries.get(callId)?.details;
  }

  /** Marks calls due for a refresh (a webhook named them) while keeping what is known. */
  invalidate(callIds: readonly string[]): void {
    for (const callId of callIds) {
      const entry = this.entries.get(callId);
      if (entry) this.entries.set(callId, { ...entry, fetchedAt: Number.NEGATIVE_INFINITY });
    }
  }

  /** The call to fetch next: one never tried first, else the one fetched longest ago past the TTL. */
  next(callIds: readonly string[]): string | undefined {
    const now = this.now();
    let oldest: { callId: string; fetchedAt: number } | undefined;
    for (const callId of callIds) {
      const entry = this.entries.get(callId);
      if (!entry) return callId;
      if (now - entry.fetchedAt >= this.options.ttlMs && (!oldest || entry.fetchedAt < oldest.fetchedAt)) {
        oldest = { callId, fetchedAt: entry.fetchedAt };
      }
    }
    return oldest?.callId;
  }

  /** Fetches at most one of the conference's calls; a failure keeps what was known. */
  refreshOne(conferenceId: string, callIds: readonly string[]): Promise<void> {
    const running = this.refreshing.get(conferenceId);
    if (running) return running;
    const callId = this.next(callIds);
    if (callId === undefined) return Promise.resolve();
    const refresh = this.options
      .fetch(callId)
      .then(
        (details) => {
          this.entries.set(callId, { details, fetchedAt: this.now() });
        },
        () => {
          // Counted as tried, so a call that keeps failing does not starve the others.
          this.entries.set(callId, { details: this.entries.get(callId)?.details, fetchedAt: this.now() });
        },
      )
      .finally(() => this.refreshing.delete(conferenceId));
    this.refreshing.set(conferenceId, refresh);
    return refresh;
  }
}
