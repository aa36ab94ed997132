import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { roomEventSchema } from '../../../src/contract';
import { eventHash, GENESIS_HASH, type ChainInput } from '../../evidence/chain';
import type { DialectKind, Migration } from '../migration';

const PAGE = 1000;
const roomRow = z.object({ provider: z.string(), call_id: z.string() });
const eventRow = z.object({
  seq: z.union([z.number(), z.bigint(), z.string()]).transform(Number),
  body: z.string(),
  hash: z.string().nullable(),
});
const countRow = z.object({ n: z.union([z.number(), z.bigint(), z.string()]).transform(Number) });

/** The event as readers get it back (parsed by the contract), so its hash is the one evidence re-walks. */
function asRead(body: string): ChainInput {
  const raw: unknown = JSON.parse(body);
  const parsed = roomEventSchema.safeParse(raw);
  return (parsed.success ? parsed.data : raw) as ChainInput;
}

async function hasEventChainTable(db: Kysely<unknown>, kind: DialectKind): Promise<boolean> {
  const query =
    kind === 'sqlite'
      ? sql`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'event_chain'`
      : sql`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'event_chain' AND table_schema = current_schema()`;
  const result = await query.execute(db);
  return countRow.parse(result.rows[0]).n > 0;
}

/**
 * Each event's link in its room's hash chain, stored with the event (`prev_hash`, `hash`), written
 * from now on by the history's append in the same transaction. Existing rows are chained here, in
 * seq order per room, by server/evidence/chain.ts. Links an earlier build kept in its own
 * `event_chain` table are taken as they are (never rehashed: an event edited since must still show),
 * and that table goes.
 */
export const eventHashChain: Migration = {
  version: 6,
  name: 'hash chain on room events',
  async up(db, kind) {
    await sql`ALTER TABLE room_events ADD COLUMN prev_hash TEXT`.execute(db);
    await sql`ALTER TABLE room_events ADD COLUMN hash TEXT`.execute(db);
    if (await hasEventChainTable(db, kind)) {
      const link = (column: 'prev_hash' | 'hash') =>
        sql`(SELECT c.${sql.ref(column)} FROM event_chain c WHERE c.provider = room_events.provider AND c.call_id = room_events.call_id AND c.seq = room_events.seq)`;
      await sql`UPDATE room_events SET prev_hash = ${link('prev_hash')}, hash = ${link('hash')}`.execute(db);
      await sql`DROP TABLE event_chain`.execute(db);
    }
    const rooms = await sql`SELECT DISTINCT provider, call_id FROM room_events WHERE hash IS NULL`.execute(db);
    for (const row of rooms.rows) {
      const room = roomRow.parse(row);
      let prev = GENESIS_HASH;
      for (let after = 0; ; ) {
        const page = await sql`SELECT seq, body, hash FROM room_events WHERE provider = ${room.provider} AND call_id = ${room.call_id} AND seq > ${after} ORDER BY seq LIMIT ${PAGE}`.execute(db);
        for (const raw of page.rows) {
          const event = eventRow.parse(raw);
          after = event.seq;
          if (event.hash !== null) {
            prev = event.hash;
            continue;
          }
          const hash = eventHash(prev, asRead(event.body));
          await sql`UPDATE room_events SET prev_hash = ${prev}, hash = ${hash} WHERE provider = ${room.provider} AND call_id = ${room.call_id} AND seq = ${event.seq}`.execute(db);
          prev = hash;
        }
        if (page.rows.length < PAGE) break;
      }
    }
  },
};
