import { queryOptions } from '@tanstack/react-query';
import {
  callSnapshotSchema,
  catchUpSchema,
  identitySchema,
  providerListSchema,
  roomListSchema,
  type ProviderId,
} from '../../contract';
import { POLLING, pollEvery, retryOneShot, retryOneShotDelay } from '../polling';
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
