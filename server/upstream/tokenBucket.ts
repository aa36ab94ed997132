/**
 * A client-side token bucket: `ratePerSecond` tokens a second, at most `burst` saved up.
 * Waiting callers reserve their token up front (the balance goes negative), so the wait of
 * each next caller accounts for everyone queued before it and the rate holds under load.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /**
   * Takes a token. Returns how long the caller must wait before sending (0: at once), or
   * null when that wait would exceed `maxWaitMs` — then nothing is taken.
   */
  reserve(maxWaitMs: number): number | null {
    this.refill();
    const waitMs = this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.ratePerSecond) * 1000;
    if (waitMs > maxWaitMs) return null;
    this.tokens -= 1;
    return waitMs;
  }

  /** How long until a token is free for a caller that does not wait in line. */
  msUntilFree(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond);
    this.last = t;
  }
}
