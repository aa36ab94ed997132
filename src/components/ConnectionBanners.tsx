import { isApiError } from '../lib/api/ApiError';
import { clock } from '../lib/time';
import { Banner } from './Banner';

/**
 * What the reader must know about the data on screen: the last refetch failed (we keep showing
 * the last good answer, with its time), and/or the BFF itself served it from cache because the
 * vendor is failing (`stale`).
 */
export function ConnectionBanners({
  failed,
  error,
  shownFrom,
  stale,
  vendor,
}: {
  failed: boolean;
  error: unknown;
  /** When the data on screen was observed. */
  shownFrom: string | number | null;
  stale: boolean;
  vendor: string;
}) {
  const since = shownFrom === null ? null : clock(shownFrom);
  const rateLimited = isApiError(error) && error.status === 429;
  return (
    <>
      {failed && (
        <Banner kind="alert">
          {rateLimited ? 'Too many requests, slowing down' : 'Connection lost, retrying'}
          {since ? ` — showing data from ${since}` : ''}
        </Banner>
      )}
      {stale && (
        <Banner kind="warning">
          {vendor} is not answering; this is the last status it gave{since ? `, from ${since}` : ''}.
        </Banner>
      )}
    </>
  );
}
