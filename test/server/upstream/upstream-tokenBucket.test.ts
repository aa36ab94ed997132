import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../server/upstream/tokenBucket';
import { VendorPause } from '../../../server/upstream/pause';

describe('TokenBucket', () => {
  it('lets a burst through at once, then makes callers wait their turn', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 2, () => now);
    expect(bucket.reserve(0)).toBe(0);
    expect(bucket.reserve(0)).toBe(0);
    expect(bucket.reserve(0)).toBeNull();
    expect(bucket.reserve(1000)).toBeCloseTo(100);
    // The next caller waits behind the one already queued.
    expect(bucket.reserve(1000)).toBeCloseTo(200);
    now = 1000;
    expect(bucket.reserve(0)).toBe(0);
  });

  it('never sends more than rate × seconds + burst however it is asked', () => {
    let now = 0;
    const bucket = new TokenBucket(180, 20, () => now);
    let sent = 0;
    for (let t = 0; t < 1000; t += 1) {
      now = t;
      while (bucket.reserve(0) === 0) sent += 1;
    }
    expect(sent).toBeLessThanOrEqual(200);
    expect(sent).toBeGreaterThanOrEqual(190);
  });

  it('says how long until a token is free', () => {
    const bucket = new TokenBucket(1, 1, () => 0);
    expect(bucket.msUntilFree()).toBe(0);
    bucket.reserve(0);
    expect(bucket.msUntilFree()).toBe(1000);
  });
});

describe('VendorPause', () => {
  it('pauses until the vendor said, keeps the longer of two pauses, and caps absurd ones', () => {
    let now = 0;
    const pause = new VendorPause(() => now);
    expect(pause.remainingMs()).toBe(0);
    pause.pauseFor(2000);
    pause.pauseFor(500);
    expect(pause.remainingMs()).toBe(2000);
    now = 2000;
    expect(pause.remainingMs()).toBe(0);
    pause.pauseFor(86_400_000);
    expect(pause.remainingMs()).toBe(5 * 60_000);
  });
});
