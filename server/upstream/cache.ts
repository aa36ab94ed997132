import { LRUCache } from 'lru-cache';

/** A value and when the BFF got it from the vendor. `stale` when served because the vendor failed. */
export interface Observed<T> {
  value: T;
  observedAt: Date;
  stale: boolean;
}

interface Entry<T> {
  value: T;
  observedAt: Date;
}

export interface ReadCacheOptions {
  /** How long a fresh answer is served without asking the vendor again. */
  ttlMs: number;
  /** Entry bound, so that 10,000 distinct rooms cannot grow memory without limit. */
  max?: number;
}

/**
 * One resource kind's cache (e.g. ProCONF session status). Identical concurrent reads share
 * one upstream request (lru-cache `fetch` keeps the promise in flight), and answers live for
 * `ttlMs`, so N browsers polling one room cost the vendor about one request per TTL.
 * Keys are scoped by the owner (one cache per provider instance and resource), so they never
 * cross providers or credentials.
 */
export class ReadCache<T extends NonNullable<unknown>> {
  private readonly lru: LRUCache<string, Entry<T>, () => Promise<T>>;

  constructor(options: ReadCacheOptions) {
    this.lru = new LRUCache<string, Entry<T>, () => Promise<T>>({
      max: options.max ?? 5000,
      ttl: options.ttlMs,
      ttlAutopurge: false,
      fetchMethod: async (_key, _stale, { context }) => ({ value: await context(), observedAt: new Date() }),
    });
  }

  async read(key: string, load: () => Promise<T>): Promise<Observed<T>> {
    const entry = await this.lru.fetch(key, { context: load });
    if (entry === undefined) throw new Error('cache fetch returned nothing');
    return { value: entry.value, observedAt: entry.observedAt, stale: false };
  }

  get size(): number {
    return this.lru.size;
  }

  clear(): void {
    this.lru.clear();
  }
}
