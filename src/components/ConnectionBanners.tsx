import { isApiError, isFinal } from '../lib/api/ApiError';
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
  // A final answer (404: the vendor no longer knows the call) stops polling: do not promise a retry.
  const headline = isFinal(error)
    ? 'The server no longer reports this; stopped checking'
    : rateLimited
      ? 'Too many requests, slowing down'
      : 'Connection lost, retrying';
  return (
    <>
      {failed && (
        <Banner kind="alert">
          {headline}
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
