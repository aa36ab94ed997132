import { z } from 'zod';
import type { CoordinationConnection } from './connection';
import { CHANNELS, REVOCATIONS_KEY } from './keys';
import { parseMessage } from './message';
import { LocalShareRevocations, type ShareRevocations } from '../auth/shareRevocations';

const messageSchema = z.object({ id: z.string().min(1).max(200), until: z.number().int().positive() });

/**
 * The shared set lives in a sorted set (score: until when); every instance keeps a copy in
 * memory. A revoke applies locally at once, is added to the set and published; the other
 * instances apply the message. After a reconnect (messages may have been missed) each
 * instance pushes what it knows and reloads the set.
 */
export class RedisShareRevocations implements ShareRevocations {
  private readonly cache: LocalShareRevocations;

  constructor(
    private readonly connection: CoordinationConnection,
    private readonly now: () => number = Date.now,
  ) {
    this.cache = new LocalShareRevocations(now);
    connection.onMessage(CHANNELS.revocations, (message) => this.onMessage(message));
    connection.onRecovered(() => this.resync());
  }

  async revoke(id: string, untilMs: number): Promise<void> {
    this.cache.apply(id, untilMs);
    await this.connection.attempt(
      async (redis) => {
        await redis
          .multi()
          .zadd(REVOCATIONS_KEY, 'GT', untilMs, id)
          .zremrangebyscore(REVOCATIONS_KEY, '-inf', this.now())
          .publish(CHANNELS.revocations, JSON.stringify({ id, until: untilMs }))
          .exec();
      },
      // Kept locally; resync() shares it once Redis answers again.
      () => undefined,
    );
  }

  isRevoked(id: string): boolean {
    return this.cache.isRevoked(id);
  }

  /**
   * Pushes every revocation this instance knows (those it took alone while Redis was away,
   * and all of them if Redis came back empty), then loads everything still in force.
   * The set is small: links revoked within the last day at most.
   */
  async resync(): Promise<void> {
    const redis = this.connection.client;
    const known = this.cache.entries();
    if (known.length > 0) {
      const multi = redis.multi();
      for (const [id, until] of known) {
        multi.zadd(REVOCATIONS_KEY, 'GT', until, id);
        multi.publish(CHANNELS.revocations, JSON.stringify({ id, until }));
      }
      await multi.exec();
    }
    const flat = await redis.zrangebyscore(REVOCATIONS_KEY, this.now(), '+inf', 'WITHSCORES');
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const id = flat[i];
      const until = Number(flat[i + 1]);
      if (id !== undefined && Number.isFinite(until)) this.cache.apply(id, until);
    }
  }

  private onMessage(message: string): void {
    const parsed = parseMessage(messageSchema, message);
    if (parsed) this.cache.apply(parsed.id, parsed.until);
  }
}

export function createShareRevocations(connection: CoordinationConnection | undefined): ShareRevocations {
  return connection ? new RedisShareRevocations(connection) : new LocalShareRevocations();
}
