import type { FastifyBaseLogger } from 'fastify';
import { UpstreamError } from '../../errors';
import { failureForStatus, UpstreamClient, type UpstreamResponse } from '../../upstream/http';
import type { CometChatVendorConfig } from '../../config';
import type { BreakerState } from '../types';
import { cometChatErrorSchema, getCallSchema, listCallsSchema, type CometChatCall, type CometChatCallPage } from './schema';

/**
 * HTTP statuses are honest at CometChat (429 carries `Retry-After`, which failureForStatus
 * reads). An `AUTH_ERR_*` code means our apikey was refused whatever the status.
 */
export function classifyCometChat(res: UpstreamResponse): UpstreamError | null {
  const failure = failureForStatus('cometchat', res);
  if (!failure) return null;
  const body = cometChatErrorSchema.safeParse(res.json);
  const code = body.success ? body.data.error.code : undefined;
  const detail = code ? `HTTP ${res.status} ${code}` : failure.detail;
  const kind = code?.startsWith('AUTH_ERR') ? 'auth' : failure.kind;
  return new UpstreamError('cometchat', kind, detail, { ...failure.options, status: res.status });
}

export const PAGE_SIZE = 100;

/** CometChat Calls v3 reads, `apikey` header on each. */
export class CometChatClient {
  private readonly http: UpstreamClient;
  private readonly logger: FastifyBaseLogger;

  constructor(config: CometChatVendorConfig, options: { timeoutMs: number; logger: FastifyBaseLogger }) {
    this.logger = options.logger;
    const apiKey = config.apiKey;
    this.http = new UpstreamClient({
      provider: 'cometchat',
      baseUrl: config.url,
      timeoutMs: options.timeoutMs,
      logger: options.logger,
      defaultHeaders: () => ({ apikey: apiKey }),
    });
  }

  async call(sessionId: string): Promise<CometChatCall> {
    const body = await this.guard('get-call', () =>
      this.http.requestJson({ op: 'get-call', path: ['calls', sessionId] }, getCallSchema, classifyCometChat),
    );
    return body.data;
  }

  ongoingCalls(page: number): Promise<CometChatCallPage> {
    return this.guard('list-calls', () =>
      this.http.requestJson(
        {
          op: 'list-calls',
          path: ['calls'],
          query: { status: 'ongoing', page: String(page), perPage: String(PAGE_SIZE) },
        },
        listCallsSchema,
        classifyCometChat,
      ),
    );
  }

  private async guard<T>(op: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      // A refused apikey is an operator problem no retry fixes: say so loudly.
      if (err instanceof UpstreamError && err.kind === 'auth') {
        this.logger.error({ provider: 'cometchat', op }, 'CometChat refused our apikey; check COMETCHAT_API_KEY');
      }
      throw err;
    }
  }

  breakerState(): BreakerState {
    return this.http.breakerState();
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
