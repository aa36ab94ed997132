import { z } from 'zod';
import { roomEventSchema } from '../../src/contract/history';
import { readAllEvents } from '../assurance/callEvents';
import type { AppDatabase } from '../db';
import type { HistoryStore, RoomRef } from '../history/store';
import { chain } from './chain';
import type { ChainedRoomEvent } from './payload';

/**
 * Each room's hash chain. The links are stored with the events (`room_events.prev_hash`, `hash`),
 * written by the history's append in the same transaction (server/history/repository.ts) and never
 * recomputed, so an event edited afterwards no longer matches its stored hash.
 */
export interface ChainStore {
  /** The room's events as stored, each with its stored link (events without one are left out). */
  chained(room: RoomRef): Promise<ChainedRoomEvent[]>;
}

const PAGE = 500;
const linkedRow = z.object({
  body: z.string().transform((text) => roomEventSchema.parse(JSON.parse(text))),
  prev_hash: z.string().nullable(),
  hash: z.string().nullable(),
});

export function chainRepository(database: AppDatabase): ChainStore {
  return {
    async chained(room) {
      const out: ChainedRoomEvent[] = [];
      for (let after = 0; ; ) {
        const rows = await database.db
          .selectFrom('room_events')
          .select(['body', 'prev_hash', 'hash'])
          .where('provider', '=', room.provider)
          .where('call_id', '=', room.callId)
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(PAGE)
          .execute();
        for (const row of rows) {
          const { body, prev_hash: prevHash, hash } = linkedRow.parse(row);
          after = body.seq;
          if (prevHash !== null && hash !== null) out.push({ ...body, prevHash, hash });
        }
        if (rows.length < PAGE) return out;
      }
    },
  };
}

/** For tests on the memory history: chained on the fly (nothing is kept to tamper with). */
export function memoryChainStore(history: Pick<HistoryStore, 'events'>): ChainStore {
  return { chained: async (room) => chain(await readAllEvents(history, room)) };
}
