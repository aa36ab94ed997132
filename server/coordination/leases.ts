import type { Redis } from 'ioredis';
import type { CoordinationConnection } from './connection';
import { leaseKey } from './keys';

/**
 * Which instance watches which room. The holder renews every watch interval with
 * ttl = LEASE_INTERVALS × interval, so when it dies another instance takes the room within
 * that many intervals.
 */
export interface WatcherLeases {
  /** True when `instanceId` now holds the room (newly, or already). */
  acquire(room: string, instanceId: string, ttlMs: number): Promise<boolean>;
  /** True while `instanceId` still holds the room; false: stop watching, someone else has it. */
  renew(room: string, instanceId: string, ttlMs: number): Promise<boolean>;
  release(room: string, instanceId: string): Promise<void>;
}

export const LEASE_INTERVALS = 3;

export function leaseTtlMs(watchIntervalMs: number): number {
  return LEASE_INTERVALS * watchIntervalMs;
}

/**
 * Extends the lease only for its holder. A lease that vanished (it expired during a pause,
 * or Redis restarted empty) is taken again by the renewing holder rather than dropped, so a
 * Redis restart does not move every room. Returns 1 when held.
 */
const RENEW = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

type LeaseRedis = Redis & {
  roomwatchLeaseRenew(key: string, instanceId: string, ttlMs: number): Promise<number>;
  roomwatchLeaseRelease(key: string, instanceId: string): Promise<number>;
};

function withLeaseScripts(redis: Redis): LeaseRedis {
  if (!('roomwatchLeaseRenew' in redis)) {
    redis.defineCommand('roomwatchLeaseRenew', { numberOfKeys: 1, lua: RENEW });
    redis.defineCommand('roomwatchLeaseRelease', { numberOfKeys: 1, lua: RELEASE });
  }
  return redis as LeaseRedis;
}

export class RedisWatcherLeases implements WatcherLeases {
  private readonly redis: LeaseRedis;

  /** `keyOf`: where a lease lives (rooms by default; a vendor's listing has its own). */
  constructor(
    redis: Redis,
    private readonly keyOf: (name: string) => string = leaseKey,
  ) {
    this.redis = withLeaseScripts(redis);
  }

  async acquire(room: string, instanceId: string, ttlMs: number): Promise<boolean> {
    const key = this.keyOf(room);
    if ((await this.redis.set(key, instanceId, 'PX', ttlMs, 'NX')) === 'OK') return true;
    // Already ours (a repeated acquire): keep it, and extend it like a renewal.
    return (await this.redis.roomwatchLeaseRenew(key, instanceId, ttlMs)) === 1;
  }

  async renew(room: string, instanceId: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.roomwatchLeaseRenew(this.keyOf(room), instanceId, ttlMs)) === 1;
  }

  async release(room: string, instanceId: string): Promise<void> {
    await this.redis.roomwatchLeaseRelease(this.keyOf(room), instanceId);
  }
}

/** One process: leases held in memory with the same expiry rules. */
export class LocalWatcherLeases implements WatcherLeases {
  private readonly held = new Map<string, { holder: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  acquire(room: string, instanceId: string, ttlMs: number): Promise<boolean> {
    return this.renew(room, instanceId, ttlMs);
  }

  renew(room: string, instanceId: string, ttlMs: number): Promise<boolean> {
    const lease = this.held.get(room);
    const free = !lease || lease.expiresAt <= this.now() || lease.holder === instanceId;
    if (free) this.held.set(room, { holder: instanceId, expiresAt: this.now() + ttlMs });
    return Promise.resolve(free);
  }

  release(room: string, instanceId: string): Promise<void> {
    if (this.held.get(room)?.holder === instanceId) this.held.delete(room);
    return Promise.resolve();
  }
}

/**
 * Redis while it answers. While it does not, every instance grants itself every room: rooms
 * are watched twice for a while (the store's unique `seq` keeps history clean) rather than
 * not at all. When Redis is back the first renewal wins and the others stand down.
 */
export class ResilientWatcherLeases implements WatcherLeases {
  constructor(
    private readonly connection: CoordinationConnection,
    private readonly shared: WatcherLeases,
    private readonly local: WatcherLeases,
  ) {}

  acquire(room: string, instanceId: string, ttlMs: number): Promise<boolean> {
    return this.connection.attempt(
      () => this.shared.acquire(room, instanceId, ttlMs),
      () => this.local.acquire(room, instanceId, ttlMs),
    );
  }

  renew(room: string, instanceId: string, ttlMs: number): Promise<boolean> {
    return this.connection.attempt(
      () => this.shared.renew(room, instanceId, ttlMs),
      () => this.local.renew(room, instanceId, ttlMs),
    );
  }

  async release(room: string, instanceId: string): Promise<void> {
    await this.local.release(room, instanceId);
    await this.connection.attempt(
      () => this.shared.release(room, instanceId),
      () => undefined,
    );
  }
}

export function createWatcherLeases(connection: CoordinationConnection | undefined): WatcherLeases {
  const local = new LocalWatcherLeases();
  if (!connection) return local;
  return new ResilientWatcherLeases(connection, new RedisWatcherLeases(connection.client), local);
}
