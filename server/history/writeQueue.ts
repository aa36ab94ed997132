import type { RoomEvent } from '../../src/contract';
import { InvalidWriteError, SeqConflictError } from './errors';
import type { HistoryStore, RoomWrite } from './store';

/** What the queue needs of a logger (pino's Logger fits). */
export interface QueueLogger {
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
  info(object: object, message: string): void;
}

export interface WriteQueueOptions {
  /** Writes held while the store fails; past this the oldest are dropped (and logged). */
  maxQueued?: number;
  /** First retry delay; doubles per failure up to maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often at most a summary of dropped writes is logged. */
  dropLogIntervalMs?: number;
}

export interface WriteQueueStatus {
  /** `degraded` while the store fails and writes wait; `ok` once they are written again. */
  state: 'ok' | 'degraded';
  queued: number;
  /** Writes dropped since start: the queue overflowed, or another writer owned the seqs. */
  dropped: number;
  /** The last store error's class and code (never its data), while degraded. */
  lastError: string | null;
}

interface Pending {
  write: RoomWrite;
  done: (events: RoomEvent[] | null) => void;
}

/**
 * Stands between the watcher and the store so that a store failing later never stops live status:
 * enqueue() never throws and never waits for the store. Writes go out one at a time in order (so
 * each room's events keep their order); a failed write is retried with back-off, and while that
 * lasts the queue reports `degraded`. When it is full the oldest writes go: the newest carries the
 * room's latest record and snapshot, from which a restart diffs what changed.
 */
export class WriteQueue {
  private readonly pending: Pending[] = [];
  private readonly maxQueued: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly dropLogIntervalMs: number;
  private running = false;
  private inFlight: Pending | null = null;
  private closed = false;
  private failures = 0;
  private lastError: string | null = null;
  private droppedTotal = 0;
  private unloggedDrops = { writes: 0, events: 0, rooms: new Set<string>() };
  private dropLogTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private wakeRetry: (() => void) | null = null;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly store: HistoryStore,
    private readonly logger: QueueLogger,
    options: WriteQueueOptions = {},
  ) {
    this.maxQueued = options.maxQueued ?? 10_000;
    this.baseBackoffMs = options.baseBackoffMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.dropLogIntervalMs = options.dropLogIntervalMs ?? 5_000;
  }

  /**
   * Queues a write. Resolves with the numbered events once stored, or null if it was dropped
   * (overflow, a seq conflict, or close()). Never rejects.
   */
  enqueue(write: RoomWrite): Promise<RoomEvent[] | null> {
    if (this.closed) return Promise.resolve(null);
    return new Promise((done) => {
      this.pending.push({ write, done });
      while (this.pending.length > this.maxQueued) {
        const oldest = this.pending.shift();
        if (oldest) this.drop(oldest);
      }
      void this.pump();
    });
  }

  status(): WriteQueueStatus {
    return {
      state: this.failures > 0 ? 'degraded' : 'ok',
      queued: this.pending.length + (this.inFlight ? 1 : 0),
      dropped: this.droppedTotal,
      lastError: this.failures > 0 ? this.lastError : null,
    };
  }

  /** Resolves when nothing is queued (for shutdown and tests). */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops retrying. Writes still queued get `maxWaitMs` to go out if the store answers, then are
   * dropped (and logged); the store itself is closed by its owner.
   */
  async close(maxWaitMs = 2_000): Promise<void> {
    const waited = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());
    this.retryNow();
    await Promise.race([this.idle(), waited(maxWaitMs)]);
    this.closed = true;
    this.retryNow();
    await Promise.race([this.idle(), waited(100)]);
    for (const item of this.pending.splice(0)) this.drop(item);
    this.flushDropLog();
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      let item: Pending | undefined;
      while (!this.closed && (item = this.pending.shift())) {
        // The write being tried is out of `pending`: an overflow never drops what may be landing.
        this.inFlight = item;
        const events = await this.deliver(item);
        // Cleared before the caller hears back, so status() never counts a finished write.
        this.inFlight = null;
        item.done(events);
      }
    } finally {
      this.running = false;
      this.notifyIdle();
    }
  }

  /** Tries one write until it is stored (its events), refused for good or the queue closes (null). */
  private async deliver(item: Pending): Promise<RoomEvent[] | null> {
    for (;;) {
      try {
        const events = await this.store.write(item.write);
        if (this.failures > 0) this.logger.info({ failures: this.failures, queued: this.pending.length }, 'history store writes again');
        this.failures = 0;
        this.lastError = null;
        return events;
      } catch (error) {
        if (error instanceof SeqConflictError) {
          // Retrying would number the same change again after the other writer's: skip it.
          this.droppedTotal += 1;
          this.logger.warn({ room: roomId(item.write), events: item.write.events.length }, 'history write skipped: another writer owns these seqs');
          return null;
        }
        if (error instanceof InvalidWriteError) {
          // A bug, not an outage: retrying would hold every room's writes behind this one.
          this.droppedTotal += 1;
          this.logger.error({ room: roomId(item.write), events: item.write.events.length, err: error.name }, 'history write refused: it does not fit the contract');
          return null;
        }
        this.failures += 1;
        this.lastError = errorLabel(error);
        if (this.failures === 1) {
          this.logger.error({ err: this.lastError, queued: this.pending.length + 1 }, 'history store write failed: queueing and retrying (degraded)');
        }
        await this.backoff();
        if (this.closed) {
          this.countDrop(item);
          return null;
        }
      }
    }
  }

  private backoff(): Promise<void> {
    const delay = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** Math.min(this.failures - 1, 16));
    return new Promise((resolve) => {
      this.wakeRetry = resolve;
      this.retryTimer = setTimeout(() => this.retryNow(), delay);
      this.retryTimer.unref();
    });
  }

  private retryNow(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const wake = this.wakeRetry;
    this.wakeRetry = null;
    wake?.();
  }

  private drop(item: Pending): void {
    this.countDrop(item);
    item.done(null);
  }

  private countDrop(item: Pending): void {
    this.droppedTotal += 1;
    this.unloggedDrops.writes += 1;
    this.unloggedDrops.events += item.write.events.length;
    this.unloggedDrops.rooms.add(roomId(item.write));
    if (this.closed) return;
    this.dropLogTimer ??= setTimeout(() => this.flushDropLog(), this.dropLogIntervalMs);
    this.dropLogTimer.unref();
  }

  /** One line per interval, naming rooms and counts only: event contents never reach the log. */
  private flushDropLog(): void {
    if (this.dropLogTimer) clearTimeout(this.dropLogTimer);
    this.dropLogTimer = null;
    const { writes, events, rooms } = this.unloggedDrops;
    if (writes === 0) return;
    const ids = [...rooms];
    this.logger.warn(
      { droppedWrites: writes, droppedEvents: events, rooms: ids.slice(0, 20), roomCount: ids.length, maxQueued: this.maxQueued },
      'history writes dropped: the store is failing and the queue is full',
    );
    this.unloggedDrops = { writes: 0, events: 0, rooms: new Set() };
  }

  private notifyIdle(): void {
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

function roomId(write: RoomWrite): string {
  return `${write.room.provider}/${write.room.callId}`;
}

function errorLabel(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const code = 'code' in error && typeof error.code === 'string' ? ` ${error.code}` : '';
  return `${error.name}${code}`;
}
