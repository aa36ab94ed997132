import type { FastifyBaseLogger } from 'fastify';

type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildOptions = NonNullable<Parameters<FastifyBaseLogger['child']>[1]>;
type WritingLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type LevelAware = FastifyBaseLogger & { isLevelEnabled(level: string): boolean };

function knowsItsLevels(logger: FastifyBaseLogger): logger is LevelAware {
  return typeof (logger as Partial<LevelAware>).isLevelEnabled === 'function';
}

/**
 * A request's logger whose pino child (the parent's bindings plus `reqId`) is built only when a
 * line is actually written. Same lines, same redaction: the child is exactly the one Fastify would
 * have made. Why: pino builds a child by running its bindings through the redaction serializer,
 * and on a cached poll that was a larger share of the CPU than the route itself (bench profile),
 * while at the production level (`warn`) a successful poll writes nothing at all.
 */
class DeferredChildLogger implements FastifyBaseLogger {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: LevelAware,
    private readonly bindings: Bindings,
  ) {}

  private get real(): FastifyBaseLogger {
    this.made ??= this.parent.child(this.bindings);
    return this.made;
  }

  get level(): string {
    return this.made ? this.made.level : this.parent.level;
  }

  set level(level: string) {
    this.real.level = level;
  }

  private write(level: WritingLevel, args: unknown[]): void {
    // A level changed on this request's logger lives on the child; otherwise the parent decides.
    if (this.made === undefined && !this.parent.isLevelEnabled(level)) return;
    const logger = this.real;
    (logger[level] as (...line: unknown[]) => void).apply(logger, args);
  }

  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  info(...args: unknown[]): void {
    this.write('info', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.write('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.real.child(bindings, options);
  }
}

/**
 * Fastify's `childLoggerFactory`. A route with its own log level or serializers, or a logger
 * that cannot say which levels are on, gets an ordinary child at once.
 */
export function deferredRequestLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildOptions): FastifyBaseLogger {
  if (Object.keys(options).length > 0 || !knowsItsLevels(logger)) return logger.child(bindings, options);
  return new DeferredChildLogger(logger, bindings);
}

/**
 * Whether Fastify's two request lines (`incoming request`, `request completed`, at info) can be
 * written at all. When they cannot (LOG_LEVEL warn or above, as in production), app.ts turns them
 * off so a request does not even ask.
 */
export function writesRequestLines(logger: FastifyBaseLogger): boolean {
  return !knowsItsLevels(logger) || logger.isLevelEnabled('info');
}
