import type * as S3 from '@aws-sdk/client-s3';
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

type S3Sdk = typeof S3;
type S3Client = S3.S3Client;

export class S3SummaryFiles implements SummaryFiles {
  private readonly deadlineMs: number;
  private readonly connectTimeoutMs: number;
  /**
   * The SDK and its client, loaded at the first read: the AWS SDK is about 4 MB of heap and 20 MB
   * of RSS, and only a ProCONF configured with a summary bucket that is asked for a summary needs it.
   */
  private s3: Promise<{ sdk: S3Sdk; client: S3Client }> | undefined;
  private closed = false;

  constructor(
    private readonly config: ProconfSummaryConfig,
    limits: SummaryFileLimits = {},
  ) {
    this.deadlineMs = limits.deadlineMs ?? READ_DEADLINE_MS;
    this.connectTimeoutMs = limits.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  }

  private client(): Promise<{ sdk: S3Sdk; client: S3Client }> {
    this.s3 ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        region: this.config.region,
        ...(this.config.endpoint ? { endpoint: this.config.endpoint, forcePathStyle: true } : {}),
        ...(this.config.credentials ? { credentials: this.config.credentials } : {}),
        maxAttempts: 2,
        requestHandler: { connectionTimeout: this.connectTimeoutMs, requestTimeout: this.deadlineMs },
      }),
    }));
    return this.s3;
  }

  async read(key: string): Promise<string> {
    if (!isPlainSummaryKey(key)) throw new UpstreamError('proconf', 'bad_answer', 'file_url is not a plain object key');
    if (this.closed) throw new UpstreamError('proconf', 'unavailable', 'summary files closed');
    let loaded: { sdk: S3Sdk; client: S3Client };
    try {
      loaded = await this.client();
    } catch (error) {
      throw new UpstreamError('proconf', 'unavailable', 'the AWS SDK could not be loaded', { cause: error });
    }
    const { sdk, client } = loaded;
    try {
      const object = await client.send(new sdk.GetObjectCommand({ Bucket: this.config.bucket, Key: key }), {
        abortSignal: AbortSignal.timeout(this.deadlineMs),
      });
      if ((object.ContentLength ?? 0) > MAX_SUMMARY_BYTES) {
        throw new UpstreamError('proconf', 'bad_answer', `summary file of ${object.ContentLength} bytes`);
      }
      if (!isAsyncIterable(object.Body)) throw new UpstreamError('proconf', 'bad_answer', 'summary file without a body');
      const bytes = await readCapped(object.Body, MAX_SUMMARY_BYTES);
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (error) {
      throw toUpstreamError(sdk, error);
    }
  }

  close(): void {
    this.closed = true;
    void this.s3?.then(
      ({ client }) => client.destroy(),
      () => undefined,
    );
  }
}

function toUpstreamError({ NoSuchKey, S3ServiceException }: S3Sdk, error: unknown): UpstreamError {
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
