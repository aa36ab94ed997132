import { TokenBucket } from './tokenBucket';

/**
 * A vendor's request budget, as the upstream guard uses it: the same two calls as the
 * in-process TokenBucket, asynchronous because the shared one asks Redis.
 */
export interface RateBucket {
  /** Takes a token; resolves to the wait before sending (0: at once), or null (nothing taken) when longer than maxWaitMs. */
  reserve(maxWaitMs: number): Promise<number | null>;
  /** How long until a token is free for a caller that does not wait in line. */
  msUntilFree(): Promise<number>;
}

export class LocalRateBucket implements RateBucket {
  private readonly bucket: TokenBucket;

  constructor(ratePerSecond: number, burst: number, now?: () => number) {
    this.bucket = new TokenBucket(ratePerSecond, burst, now);
  }

  reserve(maxWaitMs: number): Promise<number | null> {
    return Promise.resolve(this.bucket.reserve(maxWaitMs));
  }

  msUntilFree(): Promise<number> {
    return Promise.resolve(this.bucket.msUntilFree());
  }
}
