import { GetObjectCommand, NoSuchKey, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { UpstreamError } from '../../errors';
import type { ProconfSummaryConfig } from './config';
import { isPlainSummaryKey } from './summaryKey';

/** A summary is a few pages of markdown; anything far past that is not one. */
export const MAX_SUMMARY_BYTES = 512 * 1024;
const CONNECT_TIMEOUT_MS = 3000;
/** The whole read, retries and body included. */
const READ_DEADLINE_MS = 8000;

export interface SummaryFiles {
  /** The text of the object at `key`. UpstreamError `not_found` when there is none. */
  read(key: string): Promise<string>;
  close(): void;
}

async function readCapped(body: AsyncIterable<Uint8Array>, cap: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > cap) throw new UpstreamError('proconf', 'bad_answer', `summary file larger than ${cap} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * Post-call summaries in S3 (or an S3-compatible store), read with the AWS SDK. The key is
 * checked before any request; size and time are bounded; what S3 says goes to logs only (via
 * UpstreamError's detail), never to a client.
 */
export interface SummaryFileLimits {
  connectTimeoutMs?: number;
  /** The whole read, retries and body included. */
  deadlineMs?: number;
}

export class S3SummaryFiles implements SummaryFiles {
  private readonly s3: S3Client;
  private readonly deadlineMs: number;

  constructor(
    private readonly config: ProconfSummaryConfig,
    limits: SummaryFileLimits = {},
  ) {
    this.deadlineMs = limits.deadlineMs ?? READ_DEADLINE_MS;
    this.s3 = new S3Client({
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint, forcePathStyle: true } : {}),
      ...(config.credentials ? { credentials: config.credentials } : {}),
      maxAttempts: 2,
      requestHandler: { connectionTimeout: limits.connectTimeoutMs ?? CONNECT_TIMEOUT_MS, requestTimeout: this.deadlineMs },
    });
  }

  async read(key: string): Promise<string> {
    if (!isPlainSummaryKey(key)) throw new UpstreamError('proconf', 'bad_answer', 'file_url is not a plain object key');
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key }), {
        abortSignal: AbortSignal.timeout(this.deadlineMs),
      });
      if ((object.ContentLength ?? 0) > MAX_SUMMARY_BYTES) {
        throw new UpstreamError('proconf', 'bad_answer', `summary file of ${object.ContentLength} bytes`);
      }
      if (!isAsyncIterable(object.Body)) throw new UpstreamError('proconf', 'bad_answer', 'summary file without a body');
      const bytes = await readCapped(object.Body, MAX_SUMMARY_BYTES);
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (error) {
      throw toUpstreamError(error);
    }
  }

  close(): void {
    this.s3.destroy();
  }
}

function toUpstreamError(error: unknown): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (error instanceof NoSuchKey) return new UpstreamError('proconf', 'not_found', 'summary file not in the bucket', { status: 404 });
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode;
    const kind = status === 403 || status === 401 ? 'auth' : status === 404 ? 'not_found' : 'unavailable';
    return new UpstreamError('proconf', kind, `S3 ${error.name}`, { ...(status === undefined ? {} : { status }), cause: error });
  }
  if (error instanceof TypeError) return new UpstreamError('proconf', 'bad_answer', 'summary file is not UTF-8 text', { cause: error });
  const name = error instanceof Error ? error.name : 'unknown';
  const kind = name === 'AbortError' || name === 'TimeoutError' ? 'timeout' : 'unavailable';
  return new UpstreamError('proconf', kind, `S3 read failed: ${name}`, { cause: error });
}
