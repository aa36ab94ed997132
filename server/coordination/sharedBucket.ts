import type { Redis } from 'ioredis';
import { LocalRateBucket, type RateBucket } from '../upstream/rateBucket';
import type { CoordinationConnection } from './connection';
import { bucketKey } from './keys';

/**
 * The in-process bucket's arithmetic, run inside Redis so every instance draws on one
 * balance. Redis's own clock, so instances' clocks need not agree. A waiting caller reserves
 * its token up front (the balance goes negative), as in server/upstream/tokenBucket.ts.
 * ARGV: rate per second, burst, max wait in ms (negative: only peek). Returns {taken, waitMs}.
 */
const TAKE = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local maxWait = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'last')
local tokens = tonumber(state[1]) or burst
local last = tonumber(state[2]) or now
if now > last then tokens = math.min(burst, tokens + (now - last) / 1000 * rate) end
local wait = 0
if tokens < 1 then wait = (1 - tokens) / rate * 1000 end
if maxWait < 0 or wait > maxWait then return {0, math.ceil(wait)} end
tokens = tokens - 1
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'last', tostring(math.max(now, last)))
-- Once full again the key says nothing a missing key would not: let it go.
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + 1000)
return {1, math.ceil(wait)}
`;

type TakeRedis = Redis & {
  roomwatchBucketTake(key: string, rate: number, burst: number, maxWaitMs: number): Promise<[number, number]>;
};

function withTake(redis: Redis): TakeRedis {
  if (!('roomwatchBucketTake' in redis)) redis.defineCommand('roomwatchBucketTake', { numberOfKeys: 1, lua: TAKE });
  return redis as TakeRedis;
}

/** The budget of one vendor account, shared by every instance through Redis. */
export class RedisRateBucket implements RateBucket {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    provider: string,
    accountIdentity: string,
    private readonly ratePerSecond: number,
    private readonly burst: number,
  ) {
    this.key = bucketKey(provider, accountIdentity);
  }

  async reserve(maxWaitMs: number): Promise<number | null> {
    const [taken, waitMs] = await withTake(this.redis).roomwatchBucketTake(this.key, this.ratePerSecond, this.burst, maxWaitMs);
    return taken === 1 ? waitMs : null;
  }

  async msUntilFree(): Promise<number> {
    const [, waitMs] = await withTake(this.redis).roomwatchBucketTake(this.key, this.ratePerSecond, this.burst, -1);
    return waitMs;
  }
}

/**
 * The shared bucket while Redis answers, this instance's own bucket while it does not
 * (each instance then spends the whole budget, without waiting in line: the vendor's 429s and
 * Retry-After, which the guard honours, cover the difference until Redis is back).
 */
export class ResilientRateBucket implements RateBucket {
  constructor(
    private readonly connection: CoordinationConnection,
    private readonly shared: RateBucket,
    private readonly local: RateBucket,
  ) {}

  reserve(maxWaitMs: number): Promise<number | null> {
    return this.connection.attempt(
      () => this.shared.reserve(maxWaitMs),
      // Only a token at hand, no place in line: a reservation is a promise to send later, and
      // queueing rateWaitMs deep on this bucket during a one-second blip would have every
      // instance sending at the full rate for that long after Redis is back.
      () => this.local.reserve(0),
    );
  }

  msUntilFree(): Promise<number> {
    return this.connection.attempt(
      () => this.shared.msUntilFree(),
      () => this.local.msUntilFree(),
    );
  }
}

export function createRateBucket(
  connection: CoordinationConnection | undefined,
  provider: string,
  accountIdentity: string,
  ratePerSecond: number,
  burst: number,
): RateBucket {
  const local = new LocalRateBucket(ratePerSecond, burst);
  if (!connection) return local;
  return new ResilientRateBucket(
    connection,
    new RedisRateBucket(connection.client, provider, accountIdentity, ratePerSecond, burst),
    local,
  );
}
