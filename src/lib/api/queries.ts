import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import {
  callReportSchema,
  callSnapshotSchema,
  callsPageSchema,
  catchUpSchema,
  identitySchema,
  providerListSchema,
  roomListSchema,
  type CallStatusFilter,
  type ProviderId,
} from '../../contract';
import { POLLING, pollEvery, retryOneShot, retryOneShotDelay } from '../polling';
import { readHistoryAfter, type RoomHistory } from './history';
import { requestData } from './request';

const segment = encodeURIComponent;

/** `GET /api/me`: who the session is. Asked once; a sign-in or share link exchange replaces it. */
export function meQuery() {
  return queryOptions({
    queryKey: ['me'],
    queryFn: ({ signal }) => requestData('/api/me', identitySchema, { signal }),
    staleTime: Infinity,
    retry: retryOneShot,
    retryDelay: retryOneShotDelay,
  });
}

/** `GET /api/providers`: labels and capabilities; fixed for the life of the server. */
export function providersQuery() {
  return queryOptions({
    queryKey: ['providers'],
    queryFn: ({ signal }) => requestData('/api/providers', providerListSchema, { signal }),
    staleTime: Infinity,
    retry: retryOneShot,
    retryDelay: retryOneShotDelay,
  });
}

/** `GET /api/rooms`: live rooms (moderators only). */
export function roomsQuery() {
  return queryOptions({
    queryKey: ['rooms'],
    queryFn: ({ signal }) => requestData('/api/rooms', roomListSchema, { signal }),
    refetchInterval: pollEvery(POLLING.roomsMs),
    staleTime: POLLING.roomsMs / 2,
  });
}

/**
 * `GET /api/calls/:provider/:callId`. One key per call, so an overview card and the room view
 * of the same call share one query and one request stream.
 */
export function snapshotQuery(provider: ProviderId, callId: string) {
  return queryOptions({
    queryKey: ['calls', provider, callId, 'snapshot'],
    queryFn: ({ signal }) =>
      requestData(`/api/calls/${segment(provider)}/${segment(callId)}`, callSnapshotSchema, { signal }),
    refetchInterval: pollEvery(POLLING.statusMs),
    staleTime: POLLING.statusMs / 2,
  });
}

/** `GET /api/calls/:provider/:callId/catch-up`. */
export function catchUpQuery(provider: ProviderId, callId: string) {
  return queryOptions({
    queryKey: ['calls', provider, callId, 'catch-up'],
    queryFn: ({ signal }) =>
      requestData(`/api/calls/${segment(provider)}/${segment(callId)}/catch-up`, catchUpSchema, { signal }),
    refetchInterval: pollEvery(POLLING.catchUpMs),
    staleTime: POLLING.catchUpMs / 2,
  });
}

/**
 * `GET /api/calls/:provider/:callId/history`: the first fetch pages back to the first event, each
 * poll after it asks only `after` the last `seq` held and appends (see readHistoryAfter). A 404
 * (history off on this server) stops the polling; the room page falls back to its own timeline.
 */
export function historyQuery(provider: ProviderId, callId: string) {
  return queryOptions({
    queryKey: ['calls', provider, callId, 'history'],
    queryFn: ({ client, queryKey, signal }) =>
      readHistoryAfter(provider, callId, client.getQueryData<RoomHistory>(queryKey), signal),
    refetchInterval: pollEvery(POLLING.historyMs),
    staleTime: POLLING.historyMs / 2,
  });
}

export interface CallsFilter {
  status: CallStatusFilter;
  provider: ProviderId | null;
  /** Part of a call id; empty for all. */
  q: string;
}

export const CALLS_PAGE_SIZE = 25;

/** `GET /api/calls?status=&provider=&q=&cursor=&limit=`: newest first, one page per `nextCursor`. */
export function callsQuery(filter: CallsFilter) {
  return infiniteQueryOptions({
    queryKey: ['calls', 'list', filter],
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ status: filter.status, limit: String(CALLS_PAGE_SIZE) });
      if (filter.provider) params.set('provider', filter.provider);
      if (filter.q) params.set('q', filter.q);
      if (pageParam) params.set('cursor', pageParam);
      return requestData(`/api/calls?${params.toString()}`, callsPageSchema, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: pollEvery(POLLING.callsMs),
    staleTime: POLLING.callsMs / 2,
  });
}

/** `GET /api/calls/:provider/:callId/report`: refreshed while the call is live, left alone once it ended. */
export function callReportQuery(provider: ProviderId, callId: string) {
  const live = pollEvery(POLLING.reportMs);
  return queryOptions({
    queryKey: ['calls', provider, callId, 'report'],
    queryFn: ({ signal }) =>
      requestData(`/api/calls/${segment(provider)}/${segment(callId)}/report`, callReportSchema, { signal }),
    refetchInterval: (query) => (query.state.data?.call.state === 'ended' ? false : live(query)),
    staleTime: POLLING.reportMs / 2,
  });
}
