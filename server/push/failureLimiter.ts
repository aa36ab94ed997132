import { LRUCache } from 'lru-cache';

/**
 * Counts failed webhook verifications per client address in fixed windows, so someone guessing
 * credentials or signatures is turned away (429) before any more are checked. Verified
 * requests are never counted: a vendor's burst of genuine callbacks is not limited here (the
 * app-wide rate limit still applies). Bounded in memory: the least recently seen addresses
 * are forgotten first.
 */
export class FailureLimiter {
  readonly #windows: LRUCache<string, { start: number; count: number }>;

  constructor(
    readonly maxFailures: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
    maxAddresses = 10_000,
  ) {
    this.#windows = new LRUCache({ max: maxAddresses });
  }

  #window(key: string): { start: number; count: number } | undefined {
    const w = this.#windows.get(key);
    if (w && this.now() - w.start >= this.windowMs) {
      this.#windows.delete(key);
      return undefined;
    }
    return w;
  }

  /** Seconds until the address may try again; 0 when it may now. */
  blockedFor(key: string): number {
    const w = this.#window(key);
    if (!w || w.count < this.maxFailures) return 0;
    return Math.max(1, Math.ceil((w.start + this.windowMs - this.now()) / 1000));
  }

  recordFailure(key: string): void {
    const w = this.#window(key);
    if (w) w.count += 1;
    else this.#windows.set(key, { start: this.now(), count: 1 });
  }
}
