import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/logger';
import { deferredRequestLogger } from '../../../server/requestLogger';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger(level, stream) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('the per-request logger', () => {
  it('writes the lines a pino child would, with the reqId and the redaction', async () => {
    const { lines, logger } = capture('info');
    const request = deferredRequestLogger(logger.child({ app: 'roomwatch' }), { reqId: 'req-7' }, {});
    request.info({ headers: { authorization: 'Bearer secret-token' } }, 'upstream call');
    request.child({ vendor: 'proconf' }).warn('slow');
    await flush();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 30, app: 'roomwatch', reqId: 'req-7', msg: 'upstream call', headers: { authorization: '[redacted]' } });
    expect(JSON.stringify(lines)).not.toContain('secret-token');
    expect(lines[1]).toMatchObject({ level: 40, reqId: 'req-7', vendor: 'proconf', msg: 'slow' });
  });

  it('writes nothing below the configured level, and what is above it', async () => {
    const { lines, logger } = capture('warn');
    const request = deferredRequestLogger(logger, { reqId: 'req-8' }, {});
    request.info('incoming request');
    request.debug('detail');
    request.error({ err: new Error('boom') }, 'request failed');
    await flush();
    expect(lines.map((l) => [l.level, l.reqId, l.msg])).toEqual([[50, 'req-8', 'request failed']]);
  });

  it('honours a level set on the request logger itself', async () => {
    const { lines, logger } = capture('warn');
    const request = deferredRequestLogger(logger, { reqId: 'req-9' }, {});
    expect(request.level).toBe('warn');
    request.level = 'debug';
    request.debug('now visible');
    await flush();
    expect(lines.map((l) => l.msg)).toEqual(['now visible']);
  });
});
