import type { Redis } from 'ioredis';
import { redactRedisUrl } from './config';

export type CoordinationStatus = 'ok' | 'degraded';

/** The part of a pino/Fastify logger the coordination layer writes to. */
export interface CoordinationLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ConnectionOptions {
  /** Every command gives up after this long, so a hung Redis never stalls a request. */
  commandTimeoutMs?: number;
  /** While degraded, how often to PING to find out that Redis is back. */
  probeIntervalMs?: number;
  /** Upper bound of the reconnect back-off. */
  maxReconnectDelayMs?: number;
}

type MessageHandler = (message: string) => void;

/**
 * One Redis connection for commands and one for pub/sub, with a health state every
 * coordination primitive consults: while `degraded` they answer from their in-process
 * fallback without a round trip. One warning on the way down, one info line on the way
 * back; never the URL's password.
 */
export class CoordinationConnection {
  readonly client: Redis;
  private readonly subscriber: Redis;
  private healthy = false;
  private upWaiters: Array<() => void> = [];
  private probe: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly where: string;
  private readonly probeIntervalMs: number;
  private readonly channels = new Map<string, Set<MessageHandler>>();
  private readonly recoveryHooks = new Set<() => Promise<void> | void>();
  /** The subscriber's channels are confirmed since its last connect. */
  private subscribed = false;

  /** Loads the Redis client first: an instance without REDIS_URL never loads it. */
  static async open(url: string, logger: CoordinationLogger, options: ConnectionOptions = {}): Promise<CoordinationConnection> {
    const { Redis } = await import('ioredis');
    return new CoordinationConnection(url, logger, options, Redis);
  }

  constructor(
    url: string,
    private readonly logger: CoordinationLogger,
    options: ConnectionOptions,
    RedisClient: typeof Redis,
  ) {
    this.where = redactRedisUrl(url);
    this.probeIntervalMs = options.probeIntervalMs ?? 1000;
    const maxDelay = options.maxReconnectDelayMs ?? 1000;
    const common = {
      // Reconnect for ever, quickly: recovery is automatic and should not wait long.
      retryStrategy: (times: number) => Math.min(times * 100, maxDelay),
      connectTimeout: 2000,
      lazyConnect: true,
    };
    this.client = new RedisClient(url, {
      ...common,
      commandTimeout: options.commandTimeoutMs ?? 200,
      // No queue while disconnected: a command fails at once and the caller uses its fallback.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    this.subscriber = new RedisClient(url, {
      ...common,
      // Subscriptions are (re)issued on 'ready' below and confirmed before the connection
      // counts as healthy; the recovery hooks (resyncs) run after that, so no message
      // published after a resync can fall in a gap.
      autoResubscribe: false,
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
    });

    // ioredis emits 'error' on every failed reconnect; the transition is logged once in markDown.
    this.client.on('error', (err: Error) => this.markDown(err));
    this.subscriber.on('error', (err: Error) => this.markDown(err));
    this.client.on('close', () => this.markDown(new Error('connection closed')));
    this.subscriber.on('close', () => {
      this.subscribed = false;
      this.markDown(new Error('subscriber connection closed'));
    });
    this.client.on('ready', () => this.reevaluate());
    this.subscriber.on('ready', () => void this.resubscribe());
    this.subscriber.on('message', (channel: string, message: string) => {
      for (const handler of this.channels.get(channel) ?? []) handler(message);
    });
  }

  /** Connects both sockets; waits at most `timeoutMs`, then carries on degraded and keeps trying. */
  async start(timeoutMs = 2000): Promise<CoordinationStatus> {
    // connect() rejects on a first failure, but the retry strategy keeps reconnecting.
    this.client.connect().catch(() => undefined);
    this.subscriber.connect().catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.upWaiters.push(resolve)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    if (!this.healthy) {
      this.logger.warn({ redis: this.where }, 'redis unreachable at start: coordinating per instance until it answers');
      this.startProbe();
    }
    return this.status();
  }

  status(): CoordinationStatus {
    return this.healthy ? 'ok' : 'degraded';
  }

  /**
   * Runs `op` against Redis when healthy, else `fallback`. A failed command (refused,
   * timed out) marks the connection degraded and answers from `fallback` for this call too.
   */
  async attempt<T>(op: (redis: Redis) => Promise<T>, fallback: () => T | Promise<T>): Promise<T> {
    if (!this.healthy) return fallback();
    try {
      return await op(this.client);
    } catch (err) {
      if (isRefusalOfOneCommand(err)) this.warnOnce(err.message);
      else if (isTimeout(err)) this.confirmTimeout(err);
      else this.reportFailure(err);
      return fallback();
    }
  }

  /**
   * A timed-out command may be this process's busy event loop (the timer fires before the
   * reply is read), not Redis: the call is answered locally, and Redis counts as unreachable
   * only if a PING sent now times out too. Degrading on every late answer would hand each
   * instance the whole vendor budget after every burst of load.
   */
  private confirmTimeout(err: Error): void {
    if (this.confirming) return;
    this.confirming = true;
    this.client
      .ping()
      .catch(() => this.reportFailure(err))
      .finally(() => (this.confirming = false));
  }

  /** For callers that ran a command themselves (e.g. the rate-limit store). */
  reportFailure(err: unknown): void {
    this.markDown(err instanceof Error ? err : new Error(String(err)));
  }

  /** Handlers get every message on `channel`; the subscription survives reconnects. */
  onMessage(channel: string, handler: MessageHandler): () => void {
    let handlers = this.channels.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.channels.set(channel, handlers);
      if (this.subscriber.status === 'ready') void this.subscriber.subscribe(channel).catch(() => undefined);
    }
    handlers.add(handler);
    return () => handlers.delete(handler);
  }

  /**
   * Runs each time the connection turns healthy (the first time included), after the
   * subscriptions are in place: the place to reload what pub/sub may have missed and to push
   * what was kept locally meanwhile.
   */
  onRecovered(hook: () => Promise<void> | void): void {
    this.recoveryHooks.add(hook);
  }

  async publish(channel: string, message: string): Promise<boolean> {
    return this.attempt(
      async (redis) => {
        await redis.publish(channel, message);
        return true;
      },
      () => false,
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.probe);
    this.probe = undefined;
    this.healthy = false;
    // QUIT politely when connected, but never wait on a Redis that does not answer.
    const polite = [this.client, this.subscriber].map((redis) => (redis.status === 'ready' ? redis.quit() : undefined));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(polite), new Promise((resolve) => (timer = setTimeout(resolve, 500)))]);
    clearTimeout(timer);
    this.client.disconnect();
    this.subscriber.disconnect();
  }

  private async resubscribe(): Promise<void> {
    try {
      const channels = [...this.channels.keys()];
      if (channels.length > 0) await this.subscriber.subscribe(...channels);
      this.subscribed = true;
    } catch (err) {
      this.reportFailure(err);
    }
    this.reevaluate();
  }

  private markDown(err: Error): void {
    if (this.closed) return;
    if (this.healthy) {
      this.healthy = false;
      // err.message from ioredis names host:port at most, never the password.
      this.logger.warn(
        { redis: this.where, reason: err.message },
        'redis unavailable: limits, budgets and leases are per instance until it returns',
      );
    }
    this.startProbe();
  }

  /** Healthy again only when both sockets are ready, the channels subscribed and a PING answers. */
  private reevaluate(): void {
    if (this.closed || this.healthy) return;
    if (!this.bothReady()) return;
    this.client.ping().then(
      () => void this.markUp(),
      () => this.startProbe(),
    );
  }

  private bothReady(): boolean {
    return this.client.status === 'ready' && this.subscriber.status === 'ready' && this.subscribed;
  }

  private async markUp(): Promise<void> {
    if (this.closed || this.healthy) return;
    if (!this.bothReady()) return;
    this.healthy = true;
    clearInterval(this.probe);
    this.probe = undefined;
    for (const resolve of this.upWaiters.splice(0)) resolve();
    this.logger.info({ redis: this.where }, 'redis available: coordinating across instances');
    for (const hook of this.recoveryHooks) {
      try {
        await hook();
      } catch (err) {
        this.reportFailure(err);
      }
    }
  }

  private readonly warned = new Set<string>();
  private confirming = false;

  /** A command Redis answered with an error: Redis is up, this call is wrong. Said once per kind. */
  private warnOnce(message: string): void {
    const kind = message.split(' ')[0] ?? message;
    if (this.warned.has(kind)) return;
    this.warned.add(kind);
    this.logger.warn({ redis: this.where, reason: message.slice(0, 200) }, 'redis refused a coordination command: answering from this instance');
  }

  private startProbe(): void {
    if (this.probe || this.closed) return;
    this.probe = setInterval(() => this.reevaluate(), this.probeIntervalMs);
    this.probe.unref();
  }
}

/**
 * Errors that mean Redis cannot serve anyone right now (still loading, a read-only replica,
 * wrong credentials, out of memory...) make the connection degraded like a dropped socket.
 * Any other error reply (a wrong type, a script error) is about one command: Redis itself is
 * fine, and degrading would only flap between down and up on every PING.
 */
const UNAVAILABLE_REPLIES = /^(LOADING|READONLY|NOAUTH|WRONGPASS|MASTERDOWN|BUSY|OOM|CLUSTERDOWN|TRYAGAIN|NOREPLICAS|MISCONF)\b/;

function isTimeout(err: unknown): err is Error {
  return err instanceof Error && err.message === 'Command timed out';
}

function isRefusalOfOneCommand(err: unknown): err is Error {
  return err instanceof Error && err.name === 'ReplyError' && !UNAVAILABLE_REPLIES.test(err.message);
}
