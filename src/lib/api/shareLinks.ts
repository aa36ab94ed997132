import { queryOptions } from '@tanstack/react-query';
import { activeShareLinkListSchema, errorEnvelopeSchema } from '../../contract';
import { pollEvery } from '../polling';
import { ApiError } from './ApiError';
import { requestData } from './request';

/** How often a room page refreshes its list of links (a link minted in another tab shows up). */
export const SHARE_LINKS_POLL_MS = 10_000;

/** `GET /api/share-links` (moderators): the links in force for the rooms this moderator may read. */
export function shareLinksQuery() {
  return queryOptions({
    queryKey: ['share-links'],
    queryFn: ({ signal }) => requestData('/api/share-links', activeShareLinkListSchema, { signal }),
    refetchInterval: pollEvery(SHARE_LINKS_POLL_MS),
    staleTime: SHARE_LINKS_POLL_MS / 2,
  });
}

/** `DELETE /api/share-links/:id`: 204 when revoked; the error envelope otherwise. */
export async function revokeShareLink(id: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/api/share-links/${encodeURIComponent(id)}`, {
      method: 'DELETE',
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
  } catch {
    throw new ApiError(0, 'No answer from the server');
  }
  if (response.status === 204) return;
  const failure = errorEnvelopeSchema.safeParse(await response.json().catch(() => null));
  throw new ApiError(response.status, failure.success ? failure.data.error.message : `HTTP ${response.status}`);
}
