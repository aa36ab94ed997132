import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import { LRUCache } from 'lru-cache';

type StoreCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** A rate-limit store that counts in a window of the caller's length (the plugin passes it; so does the hot path's gate). */
export interface WindowedRateLimitStore extends FastifyRateLimitStore {
  incr(key: string, callback: StoreCallback, timeWindow?: number): void;
}

/** What @fastify/rate-limit is given to count somewhere other than its own memory (e.g. Redis). */
export interface RateLimitStoreOptions {
  store?: new () => WindowedRateLimitStore;
  skipOnError?: boolean;
}

/**
 * Fixed one-window-per-key counters in this process, bounded (least recently counted out), the
 * semantics of @fastify/rate-limit's own in-memory store without its continueExceeding and
 * backoff options, which roomwatch does not use.
 */
export class FixedWindows {
  private readonly windows: LRUCache<string, { current: number; startedAt: number }>;

  constructor(max = 10_000) {
    this.windows = new LRUCache({ max });
  }

  incr(key: string, windowMs: number): { current: number; ttl: number } {
    const now = Date.now();
    const window = this.windows.get(key);
    if (!window || window.startedAt + windowMs <= now) {
      this.windows.set(key, { current: 1, startedAt: now });
      return { current: 1, ttl: windowMs };
    }
    window.current += 1;
    return { current: window.current, ttl: window.startedAt + windowMs - now };
  }
}

/**
 * The rate limiter's store for one process. It answers its callback at once (no promise, no
 * tick), so the hot path (server/hotPath) counts a poll in the same window the plugin does.
 */
export class LocalRateLimitStore implements WindowedRateLimitStore {
  constructor(private readonly windows: FixedWindows = new FixedWindows()) {}

  incr(key: string, callback: StoreCallback, timeWindow = 60_000): void {
    const { current, ttl } = this.windows.incr(key, timeWindow);
    callback(null, { current, ttl });
  }

  child(): FastifyRateLimitStore {
    // Route-specific limits would need their own windows; roomwatch has none (only `rateLimit: false`).
    return new LocalRateLimitStore();
  }
}
