import { z } from 'zod';
import type { CoordinationConnection } from './connection';
import { sharedReadKey } from './keys';
import { parseMessage } from './message';

/** How long an instance waits for the instance reading a shared resource before reading it itself. */
const WAIT_FOR_READER_MS = 5000;
/** How often a waiting instance looks for the reader's result. */
const LOOK_EVERY_MS = 50;
/** The reader's claim outlives a read that hangs no longer than this. */
const CLAIM_MS = 15_000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * One vendor-wide resource read at most once per `maxAgeMs` by the whole cluster, as one
 * instance's cache would read it: the result is kept in Redis with the time it was read; an
 * instance that finds it older claims the read (SET NX), reads and stores it, and the others
 * wait (up to 5 s) for that result rather than reading too. While Redis is away, or when the
 * reader failed, each instance reads for itself. What comes back from Redis is checked
 * against `schema`: Redis is shared, never trusted.
 */
export async function readShared<T>(
  connection: CoordinationConnection,
  instanceId: string,
  name: string,
  maxAgeMs: number,
  schema: z.ZodType<T>,
  read: () => Promise<T>,
): Promise<T> {
  if (connection.status() !== 'ok') return read();
  const key = sharedReadKey(name);
  const stored = z.object({ at: z.number(), value: schema });
  const claimKey = `${key}:reading`;
  /** The stored result, and whether someone is reading it now. */
  const look = async (): Promise<{ last: { at: number; value: T } | undefined; claimed: boolean }> => {
    const [text, claim] = await connection.attempt((redis) => redis.mget(key, claimKey), () => [null, null]);
    return { last: text ? parseMessage(stored, text) : undefined, claimed: claim !== null && claim !== undefined };
  };
  const { last } = await look();
  if (last && Date.now() - last.at < maxAgeMs) return last.value;
  const claimed = await connection.attempt(async (redis) => (await redis.set(claimKey, instanceId, 'PX', CLAIM_MS, 'NX')) === 'OK', () => true);
  if (!claimed) {
    // Another instance reads it now: its result, however long its read took, is this one's too.
    const deadline = Date.now() + WAIT_FOR_READER_MS;
    while (Date.now() < deadline) {
      await sleep(LOOK_EVERY_MS);
      const now = await look();
      if (now.last && now.last.at > (last?.at ?? Number.NEGATIVE_INFINITY)) return now.last.value;
      // Its read failed (nothing new, nobody reading): read here, as one instance would retry.
      if (!now.claimed) break;
    }
    return read();
  }
  try {
    const at = Date.now();
    const value = await read();
    await connection.attempt((redis) => redis.set(key, JSON.stringify({ at, value }), 'PX', Math.max(maxAgeMs, 1000) * 10), () => undefined);
    return value;
  } finally {
    await connection.attempt((redis) => redis.del(claimKey), () => undefined);
  }
}
