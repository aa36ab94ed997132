import { queryOptions, useQuery } from '@tanstack/react-query';
import { callSummarySchema, type RoomRef } from '../contract';
import { isApiError } from '../lib/api/ApiError';
import { requestData } from '../lib/api/request';
import { retryOneShot, retryOneShotDelay } from '../lib/polling';
import { SummaryView } from './SummaryView';

/**
 * `GET /callSummary/:room_name`: ProCONF's post-call summary of an ended call. Written once the
 * call is over, so it is asked once (and again only on a retryable failure), never polled.
 */
export function postCallSummaryQuery(room: RoomRef) {
  return queryOptions({
    queryKey: ['calls', room.provider, room.callId, 'post-call-summary'],
    queryFn: ({ signal }) => requestData(`/callSummary/${encodeURIComponent(room.callId)}`, callSummarySchema, { signal }),
    enabled: room.provider === 'proconf',
    staleTime: Infinity,
    retry: retryOneShot,
    retryDelay: retryOneShotDelay,
  });
}

/**
 * The post-call summary of an ended ProCONF call, for the report and latecomer pages. Renders
 * nothing for other vendors; a call without one (404) says so in one line.
 */
export function PostCallSummary({ room }: { room: RoomRef }) {
  const query = useQuery(postCallSummaryQuery(room));
  if (room.provider !== 'proconf') return null;
  let body;
  if (query.data !== undefined) {
    body = query.data.trim() === '' ? <p className="muted">The summary is empty.</p> : <SummaryView text={query.data} />;
  } else if (query.isError && isApiError(query.error) && query.error.status === 404) {
    body = <p className="muted">ProCONF has no post-call summary for this call (yet).</p>;
  } else if (query.isError) {
    body = (
      <p className="muted" role="alert">
        Cannot load the post-call summary right now.
      </p>
    );
  } else body = <p className="muted">Loading the post-call summary…</p>;
  return (
    <section className="post-call-summary" aria-labelledby="post-call-summary-title">
      <h2 id="post-call-summary-title">After the call: ProCONF’s summary</h2>
      {body}
    </section>
  );
}
