import type { AlertService } from '../alerts/service';
import type { Coordination } from '../coordination/coordination';
import type { ProviderSet } from '../providers/registry';
import type { HistoryRuntime } from '../watch/historyRuntime';
import type { MetricsSources } from './metrics';

/** A room counts as viewed while someone read it this recently (docs/watching.md: "read in the last 30 s"). */
export const VIEWED_WITHIN_MS = 30_000;

export interface MetricsParts {
  providers: ProviderSet;
  history?: HistoryRuntime | undefined;
  alerts?: AlertService | undefined;
  coordination?: Coordination | undefined;
}

/** What the gauges read at scrape time, from the parts the composition root built. */
export function metricsSourcesOf(parts: MetricsParts): MetricsSources {
  const { providers, history, alerts, coordination } = parts;
  return {
    breakers: () => providers.all().map((provider) => ({ vendor: provider.id, state: provider.breakerState() })),
    ...(history
      ? {
          watchedRooms: () => history.watcher.status().watching,
          longPollsHeld: () => history.longPoll.held(),
          watchLagSeconds: () => {
            const ms = history.watcher.oldestObservationAgeMs(VIEWED_WITHIN_MS);
            return ms === null ? null : ms / 1000;
          },
        }
      : {}),
    ...(alerts ? { alertsOpen: () => alerts.openCount() } : {}),
    ...(coordination?.shared ? { redisUp: () => coordination.status() === 'ok' } : {}),
  };
}
