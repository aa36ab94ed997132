import { queryOptions } from '@tanstack/react-query';
import { digestSchema, type ProviderId } from '../../contract';
import { requestData } from '../../lib/api/request';
import { pollEvery } from '../../lib/polling';

/** Counts and flags move by the second; a latecomer reading the page needs them within a few. */
export const DIGEST_POLL_MS = 5_000;

/**
 * `GET /api/calls/:provider/:callId/digest`. A 404 means the server keeps no room history
 * (HISTORY=off) or has not seen this room: that answer is final, so it is not polled again.
 */
export function digestQuery(provider: ProviderId, callId: string) {
  return queryOptions({
    queryKey: ['calls', provider, callId, 'digest'],
    queryFn: ({ signal }) =>
      requestData(`/api/calls/${encodeURIComponent(provider)}/${encodeURIComponent(callId)}/digest`, digestSchema, { signal }),
    // pollEvery stops on a final answer, 404 included.
    refetchInterval: pollEvery(DIGEST_POLL_MS),
    staleTime: DIGEST_POLL_MS / 2,
  });
}
