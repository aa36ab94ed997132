import { z } from 'zod';

/**
 * The watcher's knobs, as a fragment for the process env schema (server/config.ts spreads it in):
 * how often each watched room is read, how long a room nobody reads or lists stays watched, and
 * how many rooms one process watches at most.
 */
export const watchEnvShape = {
  WATCH_INTERVAL_MS: z.coerce.number().int().min(250).max(600_000).default(2000),
  WATCH_IDLE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(15),
  WATCH_MAX_ROOMS: z.coerce.number().int().min(1).max(100_000).default(500),
};
export const watchEnvSchema = z.object(watchEnvShape);
export type WatchEnv = z.infer<typeof watchEnvSchema>;

export interface WatchSettings {
  intervalMs: number;
  idleMs: number;
  maxRooms: number;
  /** How often the room listings are read: as often as an open overview page reads them. */
  listEveryMs: number;
  /** How often a room's catch-up summary is read: as often as an open latecomer page reads it. */
  catchUpEveryMs: number;
  /**
   * How often the record and last snapshot are written when nothing changed, so that after a
   * crash the `not_watching` gap starts no earlier than this before the real stop.
   */
  persistEveryMs: number;
}

export function watchSettings(env: WatchEnv): WatchSettings {
  return {
    intervalMs: env.WATCH_INTERVAL_MS,
    idleMs: env.WATCH_IDLE_MINUTES * 60_000,
    maxRooms: env.WATCH_MAX_ROOMS,
    listEveryMs: 10_000,
    catchUpEveryMs: 10_000,
    persistEveryMs: 30_000,
  };
}
