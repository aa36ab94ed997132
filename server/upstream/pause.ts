import { MAX_PAUSE_MS } from './policy';

/**
 * "Do not call me before ..." from a vendor's 429 (Retry-After, X-RateLimit-Reset turned into
 * retryAfterMs by the adapter). Until then the client answers without calling the vendor.
 */
export class VendorPause {
  private until = 0;

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Pauses for `ms` (capped), never shortening a longer pause already in force. */
  pauseFor(ms: number): void {
    const until = this.now() + Math.min(Math.max(0, ms), MAX_PAUSE_MS);
    if (until > this.until) this.until = until;
  }

  /** Milliseconds left, 0 when not paused. */
  remainingMs(): number {
    return Math.max(0, this.until - this.now());
  }
}
