import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { callStatusFilterSchema, providerIdSchema, type CallStatusFilter, type ProviderId } from '../../contract';
import type { CallsFilter } from '../../lib/api/queries';

/**
 * The Calls page's filters live in the address (`?status=ended&provider=bandwidth&q=c-1f`), so a
 * filtered list is a link someone can share. Values that do not parse are ignored, not trusted.
 */
export function useCallsFilter() {
  const [params, setParams] = useSearchParams();
  const status = callStatusFilterSchema.safeParse(params.get('status'));
  const provider = providerIdSchema.safeParse(params.get('provider'));
  const filter: CallsFilter = useMemo(
    () => ({
      status: status.success ? status.data : 'all',
      provider: provider.success ? provider.data : null,
      q: (params.get('q') ?? '').trim(),
    }),
    [status.success, status.data, provider.success, provider.data, params],
  );

  const update = useCallback(
    (change: { status?: CallStatusFilter; provider?: ProviderId | null; q?: string }) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(change)) {
            // Defaults stay out of the address: `/calls` is "all calls".
            if (value === null || value === '' || (key === 'status' && value === 'all')) next.delete(key);
            else if (value !== undefined) next.set(key, value);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  return { filter, update };
}
