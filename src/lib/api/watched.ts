import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { callSnapshotSchema, digestSchema, type CallSnapshot, type Digest, type ProviderId } from '../../contract';
import { POLLING, pollEvery } from '../polling';
import { ApiError } from './ApiError';
import { parseAnswer } from './request';

/** How long one request asks the BFF to hold it for a change (it answers 304 when nothing changed). */
export const LONG_POLL_WAIT_S = 25;

/** One answer of a long-polled resource: the data, its tag, and whether the BFF held the request. */
export interface Watched<T> {
  data: T;
  etag: string | null;
  /** `X-Roomwatch-Observed-At`: when the room was last observed (also on a 304). */
  observedAt: string | null;
  /** The BFF honoured the wait (Preference-Applied): the next request may start at once. */
  held: boolean;
}

/**
 * One long poll: with the tag of what the page shows, the BFF holds the request until the room
 * changes (200, new data) or the wait ends (304, same data, a newer observation time).
 */
export async function requestWatched<T extends z.ZodType>(path: string, schema: T, previous: Watched<z.infer<T>> | undefined, signal?: AbortSignal): Promise<Watched<z.infer<T>>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (previous?.etag) {
    headers['if-none-match'] = previous.etag;
    headers.prefer = `wait=${LONG_POLL_WAIT_S}`;
  }
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', headers, signal, cache: 'no-store' });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'No answer from the server');
  }
  const observedAt = response.headers.get('x-roomwatch-observed-at');
  const held = response.headers.get('preference-applied') !== null;
  if (response.status === 304 && previous) {
    return { data: previous.data, etag: previous.etag, observedAt: observedAt ?? previous.observedAt, held };
  }
  const data = await parseAnswer(response, schema);
  // The first answer (no tag sent yet) is never held: with a tag in hand, ask again at once.
  return { data, etag: response.headers.get('etag'), observedAt, held: held || (previous?.etag === undefined && response.headers.has('etag')) };
}

/**
 * A `refetchInterval` for a long-polled query: each answer starts the next request at once while
 * the BFF holds requests; a BFF that does not (history off, LONG_POLL_MAX reached) is polled
 * every `baseMs`, and errors back off as every poll does.
 */
function nextLongPoll(baseMs: number) {
  const plain = pollEvery(baseMs);
  return (query: { state: { status: string; error: unknown; data: Watched<unknown> | undefined } }): number | false => {
    const delay = plain(query);
    if (delay === false || query.state.status === 'error' || query.state.error) return delay;
    return query.state.data?.held ? 1 : delay;
  };
}

const segment = encodeURIComponent;

/**
 * The room's snapshot for the room and latecomer pages, long-polled. On a 304 the snapshot
 * keeps its content and takes the newer observation time, so "checked N s ago" stays true.
 */
export function liveSnapshotQuery(provider: ProviderId, callId: string) {
  return queryOptions({
    queryKey: ['calls', provider, callId, 'snapshot', 'live'],
    queryFn: ({ client, queryKey, signal }) =>
      requestWatched(`/api/calls/${segment(provider)}/${segment(callId)}`, callSnapshotSchema, client.getQueryData<Watched<CallSnapshot>>(queryKey), signal),
    select: (watched): CallSnapshot => (watched.observedAt && watched.observedAt !== watched.data.observedAt ? { ...watched.data, observedAt: watched.observedAt } : watched.data),
    refetchInterval: nextLongPoll(POLLING.statusMs),
    staleTime: POLLING.statusMs / 2,
  });
}

/** The latecomer digest, long-polled the same way (404: history off, not polled again). */
export function liveDigestQuery(provider: ProviderId, callId: string) {
  return queryOptions({
    queryKey: ['calls', provider, callId, 'digest', 'live'],
    queryFn: ({ client, queryKey, signal }) =>
      requestWatched(`/api/calls/${segment(provider)}/${segment(callId)}/digest`, digestSchema, client.getQueryData<Watched<Digest>>(queryKey), signal),
    select: (watched): Digest => watched.data,
    refetchInterval: nextLongPoll(POLLING.statusMs),
    staleTime: POLLING.statusMs / 2,
  });
}
