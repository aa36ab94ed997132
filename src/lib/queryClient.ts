import { QueryCache, QueryClient } from '@tanstack/react-query';
import { recordOutcome } from './polling';

/**
 * One client per app (and per test): never at module scope, so tests cannot leak cache into
 * each other. Polled queries do not retry: the next poll is the retry, with back-off
 * (see polling.ts), and a failure shows at once instead of after hidden retries.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onSuccess: (_data, query) => recordOutcome(query, false),
      onError: (_error, query) => recordOutcome(query, true),
    }),
    defaultOptions: {
      queries: {
        retry: false,
        refetchOnWindowFocus: true,
        refetchIntervalInBackground: false,
        refetchOnReconnect: true,
      },
    },
  });
}
