import { z } from 'zod';
import type { Logger } from 'pino';
import { openDatabase, type AppDatabase } from '../db';

/**
 * The history's environment variables, to be merged into the process env schema
 * (`z.object({...envShape, ...historyEnvShape})`), and the settings they become.
 */
export const historyEnvShape = {
  /** `off` turns watching and storage off. */
  HISTORY: z.enum(['on', 'off']).default('on'),
  /** Where the SQLite file `roomwatch.db` lives when DATABASE_URL is not set. */
  DATA_DIR: z.string().trim().min(1).default('./data'),
  /** postgres://user:password@host:port/database: PostgreSQL instead of the SQLite file. */
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(z.url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// URL' }).optional()),
  /** Days an ended (or no longer seen) call is kept; 0 keeps everything. */
  HISTORY_DAYS: z.coerce.number().int().min(0).max(36_500).default(30),
};

export const historyEnvSchema = z.object(historyEnvShape);
export type HistoryEnv = z.infer<typeof historyEnvSchema>;

export interface HistoryConfig {
  enabled: boolean;
  dataDir: string;
  databaseUrl: string | undefined;
  /** 0: keep forever. */
  retentionDays: number;
}

export function historyConfig(env: HistoryEnv): HistoryConfig {
  return { enabled: env.HISTORY === 'on', dataDir: env.DATA_DIR, databaseUrl: env.DATABASE_URL, retentionDays: env.HISTORY_DAYS };
}

/**
 * Opens the configured database (migrations included) for the history and the features beside
 * it; null when HISTORY=off (nothing is opened or created then). Throws DatabaseStartError naming
 * DATA_DIR's path or DATABASE_URL's host:port/database (never its password).
 */
export async function openHistoryDatabase(config: HistoryConfig, logger: Pick<Logger, 'info'>): Promise<AppDatabase | null> {
  if (!config.enabled) {
    logger.info({ history: 'off' }, 'room history is off (HISTORY=off)');
    return null;
  }
  const database = await openDatabase(config);
  logger.info({ store: database.kind, where: database.where, retentionDays: config.retentionDays }, 'room history store ready');
  return database;
}
