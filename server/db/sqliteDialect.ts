import { SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';

/**
 * Kysely's SQLite driver guards its one connection with a mutex that wakes every waiter at each
 * release; all but one find it taken again and wait anew. With hundreds of queries queued behind
 * history writes (rooms taken on and dropped at WATCH_MAX_ROOMS) that was the largest single
 * source of garbage in the BFF (`npm run bench -- memory`, docs/bench.md). Here waiters are handed
 * the connection one at a time, in the order they asked, so the driver's own mutex is never
 * contended.
 */
export class QueuedSqliteDriver extends SqliteDriver {
  readonly #waiting: (() => void)[] = [];
  #held = false;

  override async acquireConnection(): Promise<DatabaseConnection> {
    // Handed over by releaseConnection still held: no gap for a newcomer to slip into.
    if (this.#held) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#held = true;
    return super.acquireConnection();
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }
}

/** SqliteDialect with the queued driver. */
export class QueuedSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new QueuedSqliteDriver(this.#config);
  }
}
