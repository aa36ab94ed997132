import { historyPageSchema, HISTORY_PAGE_MAX, type ProviderId, type RoomEvent } from '../../contract';
import { requestData } from './request';

/** What the browser has read of one room's history so far, oldest event first. */
export interface RoomHistory {
  watchedSince: string | null;
  events: RoomEvent[];
  /** The highest `seq` read: the next poll asks for what comes after it. */
  lastSeq: number;
}

/** One poll reads at most this many pages; a longer backlog continues on the next poll. */
const MAX_PAGES_PER_READ = 20;

/**
 * Reads the history after what is already `known`: page after page while the server says there
 * is more (`nextAfter`), so the first read reaches back to the start and every later poll asks
 * only for new events. Events already held are never added twice (`seq` is unique per room).
 */
export async function readHistoryAfter(
  provider: ProviderId,
  callId: string,
  known: RoomHistory | undefined,
  signal?: AbortSignal,
): Promise<RoomHistory> {
  const path = `/api/calls/${encodeURIComponent(provider)}/${encodeURIComponent(callId)}/history`;
  let { watchedSince, events, lastSeq } = known ?? { watchedSince: null, events: [], lastSeq: 0 };
  let after = lastSeq;
  for (let page = 0; page < MAX_PAGES_PER_READ; page += 1) {
    const answer = await requestData(`${path}?after=${after}&limit=${HISTORY_PAGE_MAX}`, historyPageSchema, { signal });
    watchedSince = answer.watchedSince ?? watchedSince;
    const fresh = answer.events.filter((event) => event.seq > lastSeq).sort((a, b) => a.seq - b.seq);
    if (fresh.length > 0) {
      events = [...events, ...fresh];
      lastSeq = fresh[fresh.length - 1]?.seq ?? lastSeq;
    }
    // A cursor that does not move forward would loop: stop and let the next poll carry on.
    if (answer.nextAfter === null || answer.nextAfter <= after) break;
    after = answer.nextAfter;
  }
  if (known && known.lastSeq === lastSeq && known.watchedSince === watchedSince) return known;
  return { watchedSince, events, lastSeq };
}
