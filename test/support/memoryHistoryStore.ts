import type { CallsPage, CallsQuery, RoomEvent } from '../../src/contract';
import type { HistoryStore, RoomRef, RoomWrite, StoredRoomState } from '../../server/history/store';

interface MemoryRoom {
  state: StoredRoomState;
  events: RoomEvent[];
}

const keyOf = (room: RoomRef) => `${room.provider}\u0000${room.callId}`;

/**
 * A HistoryStore in memory for tests of its users, kept faithful where they rely on it: `seq` is
 * 1, 2, 3… per room and never reused (also after `prune`), a write is all or nothing, and what is
 * read back is a copy. `failWrites` makes writes throw, as a store that went away would;
 * `failReads` does the same for room().
 */
export class MemoryHistoryStore implements HistoryStore {
  readonly kind = 'sqlite' as const;
  failWrites = false;
  failReads = false;
  writes = 0;
  private readonly rooms = new Map<string, MemoryRoom>();
  /** Survives prune, so a pruned room that comes back never reuses a seq. */
  private readonly lastSeqs = new Map<string, number>();

  async write(write: RoomWrite): Promise<RoomEvent[]> {
    if (this.failWrites) throw new Error('store unavailable');
    const key = keyOf(write.room);
    let seq = this.lastSeqs.get(key) ?? 0;
    const numbered = write.events.map((event) => ({ ...event, seq: ++seq }) as RoomEvent);
    const room = this.rooms.get(key) ?? { state: { record: write.record, lastSnapshot: null, lastSeq: 0 }, events: [] };
    room.events.push(...numbered);
    room.state = { record: structuredClone(write.record), lastSnapshot: structuredClone(write.lastSnapshot), lastSeq: seq };
    this.rooms.set(key, room);
    this.lastSeqs.set(key, seq);
    this.writes += 1;
    return structuredClone(numbered);
  }

  async events(room: RoomRef, after: number, limit: number): Promise<RoomEvent[]> {
    const events = this.rooms.get(keyOf(room))?.events ?? [];
    return structuredClone(events.filter((event) => event.seq > after).slice(0, limit));
  }

  async latestEvents(room: RoomRef, limit: number): Promise<RoomEvent[]> {
    const events = this.rooms.get(keyOf(room))?.events ?? [];
    return structuredClone(events.slice(-limit));
  }

  async room(room: RoomRef): Promise<StoredRoomState | undefined> {
    if (this.failReads) throw new Error('store unavailable');
    const stored = this.rooms.get(keyOf(room));
    return stored ? structuredClone(stored.state) : undefined;
  }

  async listCalls(query: CallsQuery): Promise<CallsPage> {
    const order = (a: MemoryRoom, b: MemoryRoom) => {
      const x = a.state.record;
      const y = b.state.record;
      return y.watchedSince.localeCompare(x.watchedSince) || x.provider.localeCompare(y.provider) || x.callId.localeCompare(y.callId);
    };
    const matching = [...this.rooms.values()]
      .filter(({ state: { record } }) => {
        if (query.status === 'live' && record.state === 'ended') return false;
        if (query.status === 'ended' && record.state !== 'ended') return false;
        if (query.provider && record.provider !== query.provider) return false;
        return !query.q || record.callId.includes(query.q);
      })
      .sort(order);
    const offset = query.cursor ? Number(query.cursor) : 0;
    const page = matching.slice(offset, offset + query.limit);
    const next = offset + page.length;
    return { calls: page.map((r) => structuredClone(r.state.record)), nextCursor: next < matching.length ? String(next) : null };
  }

  async openRooms(): Promise<RoomRef[]> {
    return [...this.rooms.values()]
      .filter((room) => room.state.record.state !== 'ended')
      .map(({ state: { record } }) => ({ provider: record.provider, callId: record.callId }));
  }

  async prune(before: Date): Promise<number> {
    let pruned = 0;
    for (const [key, room] of this.rooms) {
      const last = room.state.record.lastObservedAt ?? room.state.record.watchedSince;
      if (Date.parse(last) < before.getTime()) {
        this.rooms.delete(key);
        pruned += 1;
      }
    }
    return pruned;
  }

  async ping(): Promise<boolean> {
    return !this.failWrites;
  }

  async close(): Promise<void> {}

  /** Every event of a room, for assertions. */
  allEvents(room: RoomRef): RoomEvent[] {
    return structuredClone(this.rooms.get(keyOf(room))?.events ?? []);
  }
}
