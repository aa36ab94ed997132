import { applyEvents, emptyFold, type RoomFold } from './fold';
import type { HistoryStore, RoomRef } from './store';

const PAGE = 500;

/** A room's whole history folded, read page by page (for the report, the digest and the watcher). */
export async function readFold(store: HistoryStore, room: RoomRef): Promise<RoomFold> {
  const fold = emptyFold();
  for (let after = 0; ; ) {
    const page = await store.events(room, after, PAGE);
    applyEvents(fold, page);
    if (page.length < PAGE) return fold;
    after = page.at(-1)?.seq ?? after;
  }
}
