import { Pool } from 'undici';
import type { z } from 'zod';
import type { FastifyBaseLogger } from 'fastify';
import type { ProviderId } from '../../src/contract/ids';
import { UpstreamError } from '../errors';
import { buildUpstreamUrl, type PathSegment } from './url';
import type { BreakerState } from '../../src/contract/dashboard';
import { LocalRefusal, UpstreamResilience } from './resilience';
import type { UpstreamPolicy } from './policy';
import type { UpstreamOutcome } from '../metrics/recorder';

export type UpstreamHeaders = Record<string, string | string[] | undefined>;

export interface UpstreamResponse {
  status: number;
  headers: UpstreamHeaders;
  /** The body parsed as JSON, or `undefined` when it was empty or not JSON. */
  json: unknown;
}

export interface UpstreamRequest {
  /** A short name of the vendor operation, for logs (never the URL: queries can hold signatures). */
  op: string;
  method?: 'GET' | 'POST';
  path: readonly PathSegment[];
  query?: Readonly<Record<string, string>>;
  headers?: Readonly<Record<string, string>>;
  body?: unknown;
  /** True for a refusal the caller retries with fresh credentials itself: not the operator's problem yet. */
  authRetryFollows?: (failure: UpstreamError) => boolean;
  /** This answer's cap when it is not the client's (a listing grows with the account, a status does not). */
  maxBodyBytes?: number;
}

/**
 * Looks at every answer (2xx included: some vendors fail with 200) and returns the failure
 * it stands for, or null to go on and parse it.
 */
export type Classifier = (res: UpstreamResponse) => UpstreamError | null;

export interface UpstreamClientOptions {
  provider: ProviderId;
  baseUrl: string;
  /**
   * What tells this vendor account apart from others at the same URL (Bandwidth's user id,
   * Tencent's SDKAppID), for a budget shared between instances. Never a secret.
   */
  accountId?: string;
  /** This vendor's resolved policy: deadline, breaker, bulkhead and rate limits. */
  policy: UpstreamPolicy;
  logger: FastifyBaseLogger;
  /**
   * Logged at error whenever the vendor refuses our credentials (kind `auth`), naming what the
   * operator should check: no retry fixes that, so it must stand out from the warnings.
   */
  authRefusedMessage?: string;
  connections?: number;
  maxBodyBytes?: number;
  /** Headers sent on every request (auth); computed per request so rotating secrets work. */
  defaultHeaders?: () => Readonly<Record<string, string>>;
}

const DEFAULT_MAX_BODY = 1024 * 1024;

export function parseRetryAfterMs(headers: UpstreamHeaders, now = Date.now()): number | undefined {
  const raw = headers['retry-after'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The usual meaning of an HTTP status, for vendors that use HTTP statuses honestly. */
export function failureForStatus(provider: ProviderId, res: UpstreamResponse): UpstreamError | null {
  const { status } = res;
  if (status >= 200 && status < 300) return null;
  const detail = `HTTP ${status}`;
  if (status === 404) return new UpstreamError(provider, 'not_found', detail, { status });
  if (status === 429) {
    const retryAfterMs = parseRetryAfterMs(res.headers);
    return new UpstreamError(provider, 'rate_limited', detail, {
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (status === 401 || status === 403) return new UpstreamError(provider, 'auth', detail, { status });
  if (status === 400) return new UpstreamError(provider, 'bad_request', detail, { status });
  if (status >= 500) return new UpstreamError(provider, 'unavailable', detail, { status });
  return new UpstreamError(provider, 'bad_answer', detail, { status });
}

/**
 * One keep-alive pool per vendor origin, a hard deadline per call, a capped body, JSON out.
 * Every request passes this vendor's resilience layer (pause, breaker, bulkhead, token bucket;
 * see resilience.ts) with the policy the provider was given, so every adapter gets the same
 * discipline. Every failure leaves as an UpstreamError and is logged here, once, with its cause.
 */
export class UpstreamClient {
  readonly base: URL;
  readonly provider: ProviderId;
  readonly policy: UpstreamPolicy;
  private readonly pool: Pool;
  private readonly options: UpstreamClientOptions;
  private readonly resilience: UpstreamResilience;
  private readonly timeoutMs: number;

  constructor(options: UpstreamClientOptions) {
    this.options = options;
    this.provider = options.provider;
    this.base = new URL(options.baseUrl);
    this.policy = options.policy;
    this.timeoutMs = this.policy.timeoutMs;
    const account = options.accountId === undefined ? this.base.origin + this.base.pathname : `${this.base.origin}${this.base.pathname}|${options.accountId}`;
    this.resilience = new UpstreamResilience(options.provider, this.policy, options.logger, account);
    this.pool = new Pool(this.base.origin, {
      // As many connections as the bulkhead lets requests through: undici never queues behind it.
      connections: options.connections ?? this.policy.maxInFlight,
      keepAliveTimeout: 10_000,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      connect: { timeout: this.timeoutMs },
    });
  }

  /** Sends, classifies, parses with the vendor schema; throws UpstreamError on any failure. */
  async requestJson<T>(req: UpstreamRequest, schema: z.ZodType<T>, classify?: Classifier): Promise<T> {
    const started = performance.now();
    let sentAt: number | undefined;
    try {
      const answer = await this.resilience.run(() => {
        sentAt = performance.now();
        return this.attempt(req, schema, classify);
      });
      this.record('ok', sentAt);
      return answer;
    } catch (err) {
      const failure =
        err instanceof UpstreamError
          ? err
          : new UpstreamError(this.provider, 'unavailable', 'unexpected client failure', { cause: err });
      const fields = {
        provider: this.provider,
        op: req.op,
        kind: failure.kind,
        status: failure.options.status,
        detail: failure.detail,
        ms: Math.round(performance.now() - started),
      };
      this.record(failure instanceof LocalRefusal ? 'refused' : failure.kind, sentAt);
      // Refusals without a request repeat for every poll while a vendor is down: the breaker's
      // own open/close lines say it once, these stay at debug.
      if (failure instanceof LocalRefusal) this.options.logger.debug(fields, 'upstream request refused locally');
      else this.options.logger.warn(fields, 'upstream request failed');
      if (failure.kind === 'auth' && this.options.authRefusedMessage && !req.authRetryFollows?.(failure)) {
        this.options.logger.error({ provider: this.provider, op: req.op, detail: failure.detail }, this.options.authRefusedMessage);
      }
      throw failure;
    }
  }

  /** Counts a request for the metrics; its duration from when it was let through to the vendor, waits excluded. */
  private record(outcome: UpstreamOutcome, sentAt: number | undefined): void {
    this.policy.metrics?.upstreamRequest(this.provider, outcome, sentAt === undefined ? null : (performance.now() - sentAt) / 1000);
  }

  /** One real request: send, classify, parse. */
  private async attempt<T>(req: UpstreamRequest, schema: z.ZodType<T>, classify?: Classifier): Promise<T> {
    const res = await this.send(req);
    const failure = (classify ?? ((r) => failureForStatus(this.provider, r)))(res);
    if (failure) throw failure;
    const parsed = schema.safeParse(res.json);
    if (!parsed.success) {
      const where = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`)
        .join('; ');
      throw new UpstreamError(this.provider, 'bad_answer', `schema mismatch (${where})`, {
        status: res.status,
      });
    }
    return parsed.data;
  }

  private async send(req: UpstreamRequest): Promise<UpstreamResponse> {
    const url = buildUpstreamUrl(this.base, req.path, req.query);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'content-type': 'application/json',
      ...this.options.defaultHeaders?.(),
      ...req.headers,
    };
    // A deadline cleared as soon as the answer is in: AbortSignal.timeout() would keep the
    // signal, its listeners and through them the finished request alive for the full timeout,
    // which under load is megabytes of garbage promoted to the old heap (seen in the bench).
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException('upstream deadline', 'TimeoutError')), this.timeoutMs);
    const signal = deadline.signal;
    let status: number;
    let resHeaders: UpstreamHeaders;
    let text: string | null;
    try {
      const res = await this.pool.request({
        method: req.method ?? 'GET',
        path: `${url.pathname}${url.search}`,
        headers,
        body: req.body === undefined ? null : JSON.stringify(req.body),
        signal,
      });
      status = res.statusCode;
      resHeaders = res.headers;
      text = await readCapped(res.body, req.maxBodyBytes ?? this.options.maxBodyBytes ?? DEFAULT_MAX_BODY);
    } catch (err) {
      throw this.networkFailure(err, signal);
    } finally {
      clearTimeout(timer);
    }
    if (text === null) {
      // A vendor answering megabytes to a status read is answering nonsense (502), not down.
      const limit = req.maxBodyBytes ?? this.options.maxBodyBytes ?? DEFAULT_MAX_BODY;
      throw new UpstreamError(this.provider, 'bad_answer', `answer larger than ${limit} bytes`, { status });
    }
    return { status, headers: resHeaders, json: parseJsonOrUndefined(text) };
  }

  private networkFailure(err: unknown, signal: AbortSignal): UpstreamError {
    if (err instanceof UpstreamError) return err;
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
    const timedOut =
      signal.aborted ||
      code === 'UND_ERR_HEADERS_TIMEOUT' ||
      code === 'UND_ERR_BODY_TIMEOUT' ||
      code === 'UND_ERR_CONNECT_TIMEOUT';
    if (timedOut) {
      return new UpstreamError(this.provider, 'timeout', `no answer within ${this.timeoutMs} ms`, {
        cause: err,
      });
    }
    return new UpstreamError(this.provider, 'unavailable', code || 'network error', { cause: err });
  }

  /** This vendor's circuit breaker, for /readyz. */
  breakerState(): BreakerState {
    return this.resilience.breakerState();
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** The body as text, or null once it grows past `maxBytes` (the rest is not read). */
async function readCapped(body: AsyncIterable<Buffer | Uint8Array | string>, maxBytes: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    // undici hands out Buffers; only copy what is not one already.
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    size += buf.length;
    if (size > maxBytes) return null;
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonOrUndefined(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
