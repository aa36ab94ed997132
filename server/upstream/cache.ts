import { LRUCache } from 'lru-cache';
import { UpstreamError, type UpstreamFailureKind } from '../errors';
import { BASE_POLICY, type UpstreamPolicy } from './policy';
import type { AnswerRecorder } from '../metrics/recorder';

/** A value and when the BFF got it from the vendor. `stale` when served because the vendor failed. */
export interface Observed<T> {
  value: T;
  observedAt: Date;
  stale: boolean;
}

export interface ReadCacheOptions {
  /** How long a fresh answer is served without asking the vendor again (the adapter's default). */
  ttlMs: number;
  /** Entry bound, so that 10,000 distinct rooms cannot grow memory without limit. Default: policy. */
  max?: number;
  /**
   * The owning vendor's policy: its stale window, bounds, and TTL overrides by resource name.
   * Default: the built-in base.
   */
  policy?: UpstreamPolicy;
  /** Which resource this is (e.g. `status`), so that `policy.ttlMs.status` can override the TTL. */
  resource?: string;
}

/**
 * Failures that mean "the vendor cannot answer right now": the last good value is still the
 * best thing to show. A not_found or bad_request is an answer about the room itself, so it
 * drops the cached value instead of being papered over.
 */
const SERVE_STALE_ON: ReadonlySet<UpstreamFailureKind> = new Set([
  'unavailable',
  'timeout',
  'bad_answer',
  'rate_limited',
  'auth',
]);

/** An expired entry stays on a `fresh` look: it is the `previous` that stale-if-error serves when the refresh fails. */
const KEEP_EXPIRED = { noDeleteOnStaleGet: true } as const;

/** UTF-16 bytes of the value's JSON plus object overhead; a bound, not an accounting. */
export function approximateBytes(value: unknown): number {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  return 64 + text.length * 2;
}

export function servesStale(err: unknown): err is UpstreamError {
  return err instanceof UpstreamError && SERVE_STALE_ON.has(err.kind);
}

/**
 * One resource kind's cache (e.g. ProCONF session status), on lru-cache's `fetch()`:
 * identical concurrent reads share one upstream request (the promise in flight is the entry),
 * answers live for the TTL, so N browsers polling one room cost the vendor about one request
 * per TTL, and the entry count is bounded (LRU).
 *
 * Stale-if-error: when a refresh fails with a "vendor failing" kind and the last good value is
 * younger than the stale window, that value is stored again marked stale with its ORIGINAL
 * observedAt. It then serves the next TTL's reads without another upstream attempt, and the
 * vendor is asked again once per TTL until it recovers or the value ages out of the window;
 * then the failure itself is thrown. Keys are scoped by the owner (one cache per provider
 * instance and resource), so they never cross providers or credentials.
 */
export class ReadCache<T extends NonNullable<unknown>> {
  private readonly lru: LRUCache<string, Observed<T>, () => Promise<T>>;
  private readonly staleWindowMs: number;
  private readonly answers: AnswerRecorder | undefined;

  constructor(options: ReadCacheOptions) {
    const policy = options.policy ?? BASE_POLICY;
    // With several instances (policy.shared), another instance's watcher seeing a room change
    // drops this cache's answer for that room (keyed by the vendor's call id), so viewers here
    // see the change without waiting out the TTL. Listings, keyed otherwise, are untouched.
    policy.shared?.onRoomChanged((callId) => this.invalidate(callId));
    const ttl = (options.resource === undefined ? undefined : policy.ttlMs[options.resource]) ?? options.ttlMs;
    this.staleWindowMs = policy.staleIfErrorMs;
    this.answers = policy.metrics;
    this.lru = new LRUCache<string, Observed<T>, () => Promise<T>>({
      max: options.max ?? policy.cacheMaxEntries,
      maxSize: policy.cacheMaxBytes,
      sizeCalculation: (entry, key) => approximateBytes(entry.value) + key.length * 2,
      // lru-cache wants a positive TTL; a TTL of 0 (no caching) becomes 1 ms: still coalescing.
      ttl: Math.max(1, ttl),
      ttlAutopurge: false,
      // An entry evicted while its fetch is in flight still answers the readers waiting on it.
      ignoreFetchAbort: true,
      fetchMethod: async (_key, previous, { context }) => {
        try {
          return { value: await context(), observedAt: new Date(), stale: false };
        } catch (err) {
          if (previous && servesStale(err) && this.withinWindow(previous)) {
            return { value: previous.value, observedAt: previous.observedAt, stale: true };
          }
          throw err;
        }
      },
    });
  }

  async read(key: string, load: () => Promise<T>): Promise<Observed<T>> {
    // Counted only with metrics on: a fresh entry is an answer from the cache, anything else waited on the vendor.
    const status: LRUCache.Status<string, Observed<T>, () => Promise<T>> | undefined = this.answers ? {} : undefined;
    const entry = await this.lru.fetch(key, { context: load, status });
    this.answers?.answered(status?.fetch === 'hit' ? 'cache' : 'vendor');
    if (entry === undefined) throw new Error('cache fetch returned nothing');
    return entry;
  }

  /**
   * The key's answer when it is fresh (within its TTL), without a promise; undefined otherwise
   * (absent, expired, or being read), when the caller must `read`. The hot path's shortcut
   * (server/hotPath): a poll of a fresh answer then never waits on anything.
   */
  fresh(key: string): Observed<T> | undefined {
    const entry = this.lru.get(key, KEEP_EXPIRED);
    if (entry !== undefined) this.answers?.answered('cache');
    return entry;
  }

  get size(): number {
    return this.lru.size;
  }

  clear(): void {
    this.lru.clear();
  }

  /** Forgets one key's answer (a read in flight still answers its waiters): the next read asks the vendor. */
  invalidate(key: string): void {
    this.lru.delete(key);
  }

  private withinWindow(previous: Observed<T>): boolean {
    return Date.now() - previous.observedAt.getTime() <= this.staleWindowMs;
  }
}
