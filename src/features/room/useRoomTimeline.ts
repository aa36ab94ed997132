import { useQuery } from '@tanstack/react-query';
import type { CallSnapshot, RoomRef } from '../../contract';
import { isApiError } from '../../lib/api/ApiError';
import { historyQuery } from '../../lib/api/queries';
import { when } from '../../lib/time';
import { historyItems, historyStart, type TimelineItem } from './historyTimeline';
import { useTimeline } from './useTimeline';

export interface RoomTimeline {
  title: string;
  items: TimelineItem[];
  /** Said under the title when the history cannot be read and the page shows its own changes. */
  note: string | null;
  /** Recording/transcription changes for the polite live region. */
  announcement: string;
  loading: boolean;
}

/**
 * The room's timeline from the BFF's history, reaching back before the page opened. When the
 * history cannot be read (404: history is off on this server, or any other failure before the
 * first answer) it falls back to the changes this page saw itself. The live region always follows
 * the snapshot, which is what the big indicators show, so an announcement never disagrees with them.
 */
export function useRoomTimeline(room: RoomRef, snapshot: CallSnapshot | undefined): RoomTimeline {
  const pageTimeline = useTimeline(snapshot, room.callId);
  const history = useQuery(historyQuery(room.provider, room.callId));

  // An empty history means watching has only just begun (this read asked for it): until its
  // first event lands, the changes this page saw are the better list.
  if (history.data && history.data.events.length > 0) {
    const start = historyStart(history.data.events, history.data.watchedSince);
    const title = !start
      ? 'Changes'
      : start.from === 'call'
        ? `Changes since the call started at ${when(start.at)}`
        : `Changes since roomwatch began watching at ${when(start.at)}`;
    return { title, items: historyItems(history.data.events), note: null, announcement: pageTimeline.announcement, loading: false };
  }

  const fellBack = history.isError;
  const note = !fellBack
    ? null
    : isApiError(history.error) && history.error.status === 404
      ? 'This server keeps no history of the room, so the list starts when you opened the page.'
      : 'The room history cannot be read right now; showing what this page has seen.';
  return {
    title: 'Changes since you opened this page',
    items: pageTimeline.entries.map((entry) => ({ key: `page-${entry.id}`, kind: 'change', at: entry.at, text: entry.text })),
    note,
    announcement: pageTimeline.announcement,
    loading: !fellBack && !history.data,
  };
}
