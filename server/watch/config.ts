import { z } from 'zod';

/**
 * The watcher's knobs, as a fragment for the process env schema (server/config.ts spreads it in):
 * how often each watched room is read (looked at, and not), how often the vendors' listings are
 * read, how long a room nobody reads or lists stays watched, how many rooms one process watches
 * at most, and how many long-poll requests one process holds at once.
 */
export const watchEnvShape = {
  WATCH_INTERVAL_MS: z.coerce.number().int().min(250).max(600_000).default(2000),
  WATCH_IDLE_INTERVAL_MS: z.coerce.number().int().min(250).max(600_000).default(15_000),
  WATCH_LIST_INTERVAL_MS: z.coerce.number().int().min(250).max(600_000).default(5000),
  WATCH_IDLE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(15),
  WATCH_MAX_ROOMS: z.coerce.number().int().min(1).max(100_000).default(500),
  LONG_POLL_MAX: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
};
export const watchEnvSchema = z.object(watchEnvShape);
export type WatchEnv = z.input<typeof watchEnvSchema>;

/** How long after an API read a room counts as looked at, and is polled at WATCH_INTERVAL_MS. */
export const LOOKED_AT_MS = 30_000;

export interface WatchSettings {
  /** WATCH_INTERVAL_MS: a room someone read in the last 30 s (within its vendor's budget). */
  intervalMs: number;
  /** WATCH_IDLE_INTERVAL_MS: a room nobody looks at (never below intervalMs). Default: intervalMs. */
  idleIntervalMs?: number;
  idleMs: number;
  maxRooms: number;
  /** WATCH_LIST_INTERVAL_MS: how often the room listings are read. */
  listEveryMs: number;
  /** How often a room's catch-up summary is read while nobody reads it (each poll while someone does). */
  catchUpEveryMs: number;
  /**
   * How often the record and last snapshot are written when nothing changed, so that after a
   * crash the `not_watching` gap starts no earlier than this before the real stop.
   */
  persistEveryMs: number;
  /** LONG_POLL_MAX: requests held waiting for a change at once; past it they answer at once. */
  longPollMax?: number;
}

export function watchSettings(input: WatchEnv): WatchSettings {
  const env = watchEnvSchema.parse(input);
  return {
    intervalMs: env.WATCH_INTERVAL_MS,
    idleIntervalMs: Math.max(env.WATCH_INTERVAL_MS, env.WATCH_IDLE_INTERVAL_MS),
    idleMs: env.WATCH_IDLE_MINUTES * 60_000,
    maxRooms: env.WATCH_MAX_ROOMS,
    listEveryMs: env.WATCH_LIST_INTERVAL_MS,
    catchUpEveryMs: 10_000,
    persistEveryMs: 30_000,
    longPollMax: env.LONG_POLL_MAX,
  };
}
