import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import type { CoordinationConnection } from './connection';
import { FixedWindows, type RateLimitStoreOptions, type WindowedRateLimitStore } from '../security/rateWindows';
import { digest, RATE_LIMIT_PREFIX } from './keys';

type StoreCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A fixed window counter: the same Lua as @fastify/rate-limit's own RedisStore (INCR, expire
 * on the first hit, report the remaining ttl), without its continueExceeding and backoff
 * options, which roomwatch does not use.
 */
const INCR = `
local current = redis.call('INCR', KEYS[1])
local ttl = tonumber(ARGV[1])
if current == 1 then
  redis.call('PEXPIRE', KEYS[1], ttl)
else
  ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then
    redis.call('PEXPIRE', KEYS[1], ARGV[1])
    ttl = tonumber(ARGV[1])
  end
end
return {current, ttl}
`;

type IncrRedis = Redis & { roomwatchRateIncr(key: string, windowMs: number): Promise<[number, number]> };

function withIncr(redis: Redis): IncrRedis {
  if (!('roomwatchRateIncr' in redis)) redis.defineCommand('roomwatchRateIncr', { numberOfKeys: 1, lua: INCR });
  return redis as IncrRedis;
}

/** The route a per-route store is for, as the plugin hands it to `child`. */
function routeSuffix(routeOptions: object): string {
  const info: unknown = 'routeInfo' in routeOptions ? routeOptions.routeInfo : undefined;
  if (typeof info !== 'object' || info === null) return '';
  const method = 'method' in info ? String(info.method) : '';
  const url = 'url' in info ? String(info.url) : '';
  return `${method}${url}-`;
}

/**
 * Counts in Redis while it answers, so one user's limit is one limit across instances;
 * in this instance while it does not, so a Redis outage leaves per-instance limits rather
 * than none (the plugin's `skipOnError` alone would drop limiting altogether).
 */
class FailoverStore implements WindowedRateLimitStore {
  constructor(
    private readonly connection: CoordinationConnection,
    private readonly local: FixedWindows,
    private readonly prefix: string,
  ) {}

  incr(key: string, callback: StoreCallback, timeWindow = 60_000): void {
    // Keys are `sub:<user>` or `ip:<address>`: Redis holds digests, not who or where.
    const id = this.prefix + digest(key);
    this.connection
      .attempt(
        (redis) => withIncr(redis).roomwatchRateIncr(id, timeWindow),
        () => {
          const window = this.local.incr(id, timeWindow);
          return [window.current, window.ttl] as const;
        },
      )
      .then(
        ([current, ttl]) => callback(null, { current, ttl }),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
  }

  child(routeOptions: object): FastifyRateLimitStore {
    return new FailoverStore(this.connection, this.local, this.prefix + routeSuffix(routeOptions));
  }
}

/**
 * What to merge into @fastify/rate-limit's options. @fastify/rate-limit v10 with `redis`
 * (an ioredis instance) and `nameSpace` builds its RedisStore, and `skipOnError: true` lets a
 * request through unlimited when the store errors. Here a store of our own keeps the limits
 * per instance instead during an outage; `skipOnError` stays on as the last resort.
 * Without a connection: nothing, the plugin's in-memory store as before.
 */
export function rateLimitStoreOptions(
  connection: CoordinationConnection | undefined,
  nameSpace = RATE_LIMIT_PREFIX,
): RateLimitStoreOptions {
  if (!connection) return {};
  const shared = connection;
  // This instance's windows, used while Redis is away.
  const local = new FixedWindows();
  // The plugin calls `new store(pluginOptions)`; everything this store needs is bound here.
  const store = class extends FailoverStore {
    constructor() {
      super(shared, local, nameSpace);
    }
  };
  return { store, skipOnError: true };
}
