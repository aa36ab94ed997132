import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { ConnectionBanners } from '../../components/ConnectionBanners';
import { QueryProblem, isSessionProblem } from '../../components/QueryProblem';
import { TopBar } from '../../components/TopBar';
import type { CallRecord } from '../../contract';
import { isApiError } from '../../lib/api/ApiError';
import { callsQuery, providersQuery } from '../../lib/api/queries';
import { CallsFilters } from './CallsFilters';
import { CallsTable } from './CallsTable';
import { useCallsFilter } from './useCallsFilter';

/** `/calls`: every call roomwatch has watched, live and ended, newest first. */
export function CallsPage() {
  const { filter, update } = useCallsFilter();
  const providers = useQuery(providersQuery());
  const calls = useInfiniteQuery(callsQuery(filter));

  useEffect(() => {
    document.title = 'Calls · roomwatch';
  }, []);

  const labels = useMemo(() => new Map(providers.data?.map((p) => [p.id, p.label])), [providers.data]);
  if (calls.isError && isSessionProblem(calls.error)) return <QueryProblem error={calls.error} what="call list" />;

  const list = calls.data?.pages.flatMap((page) => page.calls) ?? [];
  const labelOf = (call: CallRecord) => labels.get(call.provider) ?? call.provider;
  const filtered = filter.status !== 'all' || filter.provider !== null || filter.q !== '';

  return (
    <>
      <TopBar />
      <main className="page" aria-labelledby="calls-title">
        <div className="page-head">
          <h1 id="calls-title">Calls</h1>
          <span className="muted" role="status">
            {calls.data ? `${list.length}${calls.hasNextPage ? '+' : ''} ${list.length === 1 ? 'call' : 'calls'}` : ''}
          </span>
        </div>
        <CallsFilters filter={filter} providers={providers.data} onChange={update} />
        {calls.data && (
          <ConnectionBanners failed={calls.isError} error={calls.error} shownFrom={calls.dataUpdatedAt || null} stale={false} vendor="The server" />
        )}
        {!calls.data ? (
          calls.isError ? (
            <p className="message" role="alert">
              {isApiError(calls.error) && calls.error.status === 404
                ? 'This server keeps no call history (history is turned off), so there are no calls to list.'
                : 'Cannot load the calls right now; retrying.'}
            </p>
          ) : (
            <p className="muted" aria-busy="true">
              Loading calls…
            </p>
          )
        ) : list.length === 0 ? (
          <p className="message">
            {filtered ? 'No calls match these filters.' : 'roomwatch has not watched any calls yet. Calls appear here once a room is live.'}
          </p>
        ) : (
          <>
            <CallsTable calls={list} labelOf={labelOf} />
            {calls.hasNextPage && (
              <button type="button" className="load-more" onClick={() => void calls.fetchNextPage()} disabled={calls.isFetchingNextPage}>
                {calls.isFetchingNextPage ? 'Loading…' : 'Load more calls'}
              </button>
            )}
          </>
        )}
      </main>
    </>
  );
}
