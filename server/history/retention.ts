import type { Logger } from 'pino';
import type { HistoryStore } from './store';

const DAY_MS = 86_400_000;

/**
 * Prunes calls last seen more than `days` ago (governed calls stay their policy's `retainDays`
 * after they end, whatever `days` says): once now and then every `everyMs`. Returns a stop
 * function. `days` 0 keeps everything and schedules nothing. A failed prune is logged and tried
 * again at the next round; it never stops the process.
 */
export function startRetention(
  store: HistoryStore,
  days: number,
  logger: Pick<Logger, 'info' | 'warn'>,
  everyMs = 3_600_000,
  now: () => number = Date.now,
): () => void {
  if (days <= 0) return () => undefined;
  const prune = async () => {
    try {
      const at = now();
      const removed = await store.prune(new Date(at - days * DAY_MS), new Date(at));
      if (removed > 0) logger.info({ removed, days }, 'history: pruned old calls');
    } catch (error) {
      logger.warn({ err: error instanceof Error ? error.name : 'unknown' }, 'history: prune failed, will retry');
    }
  };
  void prune();
  const timer = setInterval(() => void prune(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
