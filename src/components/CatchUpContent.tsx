import { useQuery } from '@tanstack/react-query';
import type { RoomRef } from '../contract';
import { isApiError } from '../lib/api/ApiError';
import { catchUpQuery } from '../lib/api/queries';
import { useProviderInfo } from '../lib/api/useProviderInfo';
import { ConnectionBanners } from './ConnectionBanners';
import { Freshness } from './Freshness';
import { SummaryView } from './SummaryView';

/**
 * The catch-up summary of one room with its own plain messages: the vendor has no summaries,
 * nothing summarised yet, the room has none, or the connection dropped (last text kept).
 */
export function CatchUpContent({ room }: { room: RoomRef }) {
  const provider = useProviderInfo(room.provider).data;
  const supported = provider?.capabilities.catchUp ?? false;
  const query = useQuery({ ...catchUpQuery(room.provider, room.callId), enabled: supported });

  if (provider === undefined) return <p className="muted">Loading…</p>;
  if (!provider) return <p className="message">This server does not watch {room.provider} calls.</p>;
  if (!supported) {
    // A compact note, not a box: it must not take the room the page's real content needs.
    return <p className="note">{provider.label} does not provide catch-up summaries, so there is nothing to read here.</p>;
  }
  if (!query.data) {
    if (query.isError && isApiError(query.error) && query.error.status === 404) {
      return <p className="message">There is no summary for this room. Check the link, or the call may not have started.</p>;
    }
    if (query.isError) return <p className="message" role="alert">Cannot load the summary right now; retrying.</p>;
    return <p className="muted">Loading the summary…</p>;
  }

  const { text, updatedAt } = query.data;
  return (
    <div className="catch-up">
      <ConnectionBanners failed={query.isError} error={query.error} shownFrom={query.dataUpdatedAt} stale={false} vendor={provider.label} />
      <p className="freshness-line">
        Summary <Freshness at={updatedAt} />
      </p>
      {text.trim() === '' ? (
        <p className="message">Nothing has been summarised yet. This page updates by itself as the meeting goes on.</p>
      ) : (
        <SummaryView text={text} />
      )}
    </div>
  );
}
