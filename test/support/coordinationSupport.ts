import { Redis } from 'ioredis';
import { CoordinationConnection, type CoordinationLogger } from '../../server/coordination/connection';

export interface LogLine {
  level: 'info' | 'warn';
  obj: object;
  msg: string;
}

/** A logger that remembers what it was told, as JSON-able lines. */
export function recordingLogger(): CoordinationLogger & { lines: LogLine[]; text(): string } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (obj, msg) => void lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => void lines.push({ level: 'warn', obj, msg }),
    text: () => JSON.stringify(lines),
  };
}

/** One "instance": its own two sockets to the shared Redis, not connected yet. */
export function instance(url: string, logger: CoordinationLogger = recordingLogger()): CoordinationConnection {
  return new CoordinationConnection(url, logger, { commandTimeoutMs: 200, probeIntervalMs: 100 }, Redis);
}

/** Connects (after the parts under test subscribed their channels) and insists on a healthy start. */
export async function up(connection: CoordinationConnection): Promise<CoordinationConnection> {
  if ((await connection.start(5000)) !== 'ok') throw new Error('test redis did not answer');
  return connection;
}

export async function connect(url: string, logger?: CoordinationLogger): Promise<CoordinationConnection> {
  return up(instance(url, logger));
}
