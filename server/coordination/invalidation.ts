import { z } from 'zod';
import type { CoordinationConnection } from './connection';
import { CHANNELS } from './keys';
import { parseMessage } from './message';

export type InvalidationHandler = (room: string) => void;

/**
 * "This room changed": a webhook or a watcher on one instance tells every instance to drop
 * its cached answers for the room. Handlers on the publishing instance run at once;
 * the others hear it over pub/sub.
 */
export interface CacheInvalidation {
  /** `othersOnly`: the publisher's own cache holds the fresh answer that showed the change. */
  publish(room: string, options?: { othersOnly?: boolean }): Promise<void>;
  subscribe(handler: InvalidationHandler): () => void;
}

export class LocalCacheInvalidation implements CacheInvalidation {
  private readonly handlers = new Set<InvalidationHandler>();

  publish(room: string, options: { othersOnly?: boolean } = {}): Promise<void> {
    if (!options.othersOnly) this.deliver(room);
    return Promise.resolve();
  }

  subscribe(handler: InvalidationHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  deliver(room: string): void {
    for (const handler of this.handlers) handler(room);
  }
}

const messageSchema = z.object({ from: z.string(), room: z.string().min(1).max(300) });

/**
 * Messages carry the publishing instance's id so it does not act twice on its own. While
 * Redis is away only local handlers hear: other instances' caches expire by their short
 * TTL instead, which is what they did before invalidation existed.
 */
export class RedisCacheInvalidation implements CacheInvalidation {
  private readonly local = new LocalCacheInvalidation();

  constructor(
    private readonly connection: CoordinationConnection,
    private readonly instanceId: string,
  ) {
    connection.onMessage(CHANNELS.invalidations, (message) => this.onMessage(message));
  }

  async publish(room: string, options: { othersOnly?: boolean } = {}): Promise<void> {
    if (!options.othersOnly) this.local.deliver(room);
    await this.connection.publish(CHANNELS.invalidations, JSON.stringify({ from: this.instanceId, room }));
  }

  subscribe(handler: InvalidationHandler): () => void {
    return this.local.subscribe(handler);
  }

  private onMessage(message: string): void {
    const parsed = parseMessage(messageSchema, message);
    if (parsed && parsed.from !== this.instanceId) this.local.deliver(parsed.room);
  }
}

export function createCacheInvalidation(connection: CoordinationConnection | undefined, instanceId: string): CacheInvalidation {
  return connection ? new RedisCacheInvalidation(connection, instanceId) : new LocalCacheInvalidation();
}
