import type { RoomEvent } from '../../src/contract/history';
import { postgresRunner, sqliteRunner, type SqlRunner } from '../alerts/sql';
import { readAllEvents } from '../assurance/callEvents';
import type { HistoryStore, RoomRef, StoreDatabase } from '../history/store';
import { chain, GENESIS_HASH } from './chain';
import type { ChainedRoomEvent } from './payload';

export interface ChainLink {
  prevHash: string;
  hash: string;
}

/**
 * Each room's hash chain, kept beside its events (table `event_chain`). Events are chained once,
 * in seq order, as they are written (and any the chain has not reached yet are chained at the next
 * write or read); a link once stored is never recomputed, so an event edited afterwards no longer
 * matches its stored hash. The one-database layer is to move these two columns onto the events
 * themselves and compute them in the append transaction (docs/assurance.md).
 */
export interface ChainStore {
  ensure(): Promise<void>;
  /** Chains the room's events not chained yet. */
  sync(room: RoomRef): Promise<void>;
  /** The room's events as stored, each with its stored link (events without one are left out). */
  chained(room: RoomRef): Promise<ChainedRoomEvent[]>;
}

const TABLE = `CREATE TABLE IF NOT EXISTS event_chain (
  provider TEXT NOT NULL, call_id TEXT NOT NULL, seq INTEGER NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,
  PRIMARY KEY (provider, call_id, seq))`;

interface LinkRow {
  seq: number | string;
  prev_hash: string;
  hash: string;
}

class SqlChainStore implements ChainStore {
  /** One sync per room at a time, so two writes never chain the same seq twice. */
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly sql: SqlRunner,
    private readonly history: Pick<HistoryStore, 'events'>,
  ) {}

  async ensure(): Promise<void> {
    await this.sql.batch([{ sql: TABLE, params: [] }]);
  }

  private async links(room: RoomRef): Promise<Map<number, ChainLink>> {
    const rows = (await this.sql.all({
      sql: 'SELECT seq, prev_hash, hash FROM event_chain WHERE provider = ? AND call_id = ? ORDER BY seq',
      params: [room.provider, room.callId],
    })) as LinkRow[];
    return new Map(rows.map((r) => [Number(r.seq), { prevHash: r.prev_hash, hash: r.hash }]));
  }

  sync(room: RoomRef): Promise<void> {
    const key = `${room.provider}:${room.callId}`;
    const previous = this.running.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.syncNow(room));
    const tracked = next.finally(() => {
      if (this.running.get(key) === tracked) this.running.delete(key);
    });
    this.running.set(key, tracked);
    return next;
  }

  private async syncNow(room: RoomRef): Promise<void> {
    const [last] = (await this.sql.all({
      sql: 'SELECT seq, prev_hash, hash FROM event_chain WHERE provider = ? AND call_id = ? ORDER BY seq DESC LIMIT 1',
      params: [room.provider, room.callId],
    })) as LinkRow[];
    const after = last ? Number(last.seq) : 0;
    const fresh: RoomEvent[] = [];
    for (let from = after; ; ) {
      const page = await this.history.events(room, from, 500);
      fresh.push(...page);
      if (page.length < 500) break;
      from = page.at(-1)?.seq ?? from;
    }
    if (fresh.length === 0) return;
    const linked = chain(fresh, last?.hash ?? GENESIS_HASH);
    await this.sql.batch(
      linked.map((e) => ({
        sql: 'INSERT INTO event_chain (provider, call_id, seq, prev_hash, hash) VALUES (?, ?, ?, ?, ?) ON CONFLICT (provider, call_id, seq) DO NOTHING',
        params: [room.provider, room.callId, e.seq, e.prevHash, e.hash],
      })),
    );
  }

  async chained(room: RoomRef): Promise<ChainedRoomEvent[]> {
    await this.sync(room);
    const [events, links] = await Promise.all([readAllEvents(this.history, room), this.links(room)]);
    return events.flatMap((e) => {
      const link = links.get(e.seq);
      return link ? [{ ...e, ...link }] : [];
    });
  }
}

/** For the in-memory test store: chained on the fly (nothing is kept to tamper with). */
function memoryChainStore(history: Pick<HistoryStore, 'events'>): ChainStore {
  return {
    ensure: async () => undefined,
    sync: async () => undefined,
    chained: async (room) => chain(await readAllEvents(history, room)),
  };
}

export function chainStoreFor(database: StoreDatabase, history: Pick<HistoryStore, 'events'>): ChainStore {
  if (database.kind === 'sqlite') return new SqlChainStore(sqliteRunner(database.db), history);
  if (database.kind === 'postgres') return new SqlChainStore(postgresRunner(database.pool), history);
  return memoryChainStore(history);
}
