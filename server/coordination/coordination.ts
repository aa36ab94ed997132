import { randomUUID } from 'node:crypto';
import type { CoordinationConfig } from './config';
import { CoordinationConnection, type CoordinationLogger, type CoordinationStatus } from './connection';
import { createCacheInvalidation, type CacheInvalidation } from './invalidation';
import { createWatcherLeases, type WatcherLeases } from './leases';
import { rateLimitStoreOptions } from './rateLimitStore';
import { createRateBucket } from './sharedBucket';
import type { RateBucket } from '../upstream/rateBucket';
import { createShareRevocations } from './revocations';
import type { ShareRevocations } from '../auth/shareRevocations';
import { createSharedWatch } from './sharedWatch';
import type { SharedWatch } from '../watch/shared';
import { createSignInCodes } from './signInCodes';
import type { SignInCodes } from '../auth/signInCodes';
import { readShared } from './sharedRead';
import type { z } from 'zod';

/**
 * Everything instances share, built once per process. Without REDIS_URL every part is the
 * in-process implementation and `status()` is always `ok`: a single instance behaves as
 * before Redis existed.
 */
export interface Coordination {
  /** This process's id in leases and pub/sub messages. */
  readonly instanceId: string;
  /** `ok`, or `degraded` while Redis is configured but not answering (for /readyz). */
  status(): CoordinationStatus;
  /** Whether Redis is configured at all (for /readyz: report it only when it is). */
  readonly shared: boolean;
  rateBucket(provider: string, accountIdentity: string, ratePerSecond: number, burst: number): RateBucket;
  rateLimitOptions(): ReturnType<typeof rateLimitStoreOptions>;
  readonly leases: WatcherLeases;
  readonly revocations: ShareRevocations;
  readonly signInCodes: SignInCodes;
  readonly invalidation: CacheInvalidation;
  /**
   * The watcher's sharing (one reader per room across instances): undefined without REDIS_URL.
   * `listEveryMs` paces the vendors' listing leases.
   */
  sharedWatch(options: { listEveryMs: number }): SharedWatch | undefined;
  /**
   * A vendor-wide resource read at most once per `maxAgeMs` across all instances (sharedRead.ts);
   * without Redis, just `read()`.
   */
  readShared<T>(name: string, maxAgeMs: number, schema: z.ZodType<T>, read: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function startCoordination(
  config: CoordinationConfig,
  logger: CoordinationLogger,
  instanceId: string = randomUUID(),
): Promise<Coordination> {
  const connection = config.redisUrl
    ? await CoordinationConnection.open(config.redisUrl, logger, { commandTimeoutMs: config.commandTimeoutMs })
    : undefined;
  const coordination: Coordination = {
    instanceId,
    shared: connection !== undefined,
    status: () => connection?.status() ?? 'ok',
    rateBucket: (provider, account, ratePerSecond, burst) => createRateBucket(connection, provider, account, ratePerSecond, burst),
    rateLimitOptions: () => rateLimitStoreOptions(connection),
    leases: createWatcherLeases(connection),
    revocations: createShareRevocations(connection),
    signInCodes: createSignInCodes(connection),
    invalidation: createCacheInvalidation(connection, instanceId),
    sharedWatch: (options) => connection && createSharedWatch(connection, instanceId, options, logger),
    readShared: (name, maxAgeMs, schema, read) => (connection ? readShared(connection, instanceId, name, maxAgeMs, schema, read) : read()),
    close: async () => {
      await connection?.close();
    },
  };
  // After the parts above registered their channels, so the first subscribe covers them.
  await connection?.start();
  return coordination;
}
