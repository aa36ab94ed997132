import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { verifySigV4 } from './sigv4';

/** Where the simulator's bucket is mounted inside the ProCONF prefix (path-style: `<mount>/<bucket>/<key>`). */
export const BUCKET_MOUNT = '/s3';
export const SUMMARY_BUCKET = 'proconf-summaries';
export const SUMMARY_REGION = 'us-east-1';

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function s3Error(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/xml')
    .send(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`);
}

/**
 * A one-bucket S3 that answers GetObject, path-style, with SigV4 checked on every request:
 * the summaries' objects come from `objectFor` (the world), so they follow the rooms.
 */
export class SummaryBucket {
  readonly accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
  readonly secretAccessKey = randomBytes(30).toString('base64');
  /** Objects planted by tests, over what the world holds. */
  readonly planted = new Map<string, string>();
  /** Keys whose answer is held back this long (ms), for timeout tests. */
  readonly slow = new Map<string, number>();

  constructor(private readonly objectFor: (key: string) => string | undefined) {}

  register(app: FastifyInstance): void {
    app.get<{ Params: { bucket: string; '*': string } }>(`${BUCKET_MOUNT}/:bucket/*`, async (request, reply) => {
      const check = verifySigV4(
        { method: request.method, rawUrl: request.raw.url ?? '', headers: request.headers },
        new Map([[this.accessKeyId, this.secretAccessKey]]),
      );
      if (!check.ok) return s3Error(reply, 403, check.code, check.message);
      if (request.params.bucket !== SUMMARY_BUCKET) return s3Error(reply, 404, 'NoSuchBucket', 'The specified bucket does not exist');
      const key = request.params['*'];
      const body = this.planted.get(key) ?? this.objectFor(key);
      if (body === undefined) return s3Error(reply, 404, 'NoSuchKey', 'The specified key does not exist.');
      const delay = this.slow.get(key);
      if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay));
      return reply.header('content-type', 'text/markdown; charset=utf-8').header('etag', `"${key.length}-${body.length}"`).send(body);
    });
  }
}
