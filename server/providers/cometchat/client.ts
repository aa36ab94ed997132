import type { FastifyBaseLogger } from 'fastify';
import type { BreakerState } from '../../../src/contract/dashboard';
import { UpstreamError } from '../../errors';
import { failureForStatus, UpstreamClient, type UpstreamResponse } from '../../upstream/http';
import type { UpstreamPolicy } from '../../upstream/policy';
import type { CometChatVendorConfig } from './config';
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

  constructor(config: CometChatVendorConfig, options: { policy: UpstreamPolicy; logger: FastifyBaseLogger }) {
    const apiKey = config.apiKey;
    this.http = new UpstreamClient({
      provider: 'cometchat',
      baseUrl: config.url,
      policy: options.policy,
      logger: options.logger,
      defaultHeaders: () => ({ apikey: apiKey }),
      authRefusedMessage: 'CometChat refused our apikey; check COMETCHAT_API_KEY',
    });
  }

  async call(sessionId: string): Promise<CometChatCall> {
    const body = await this.http.requestJson({ op: 'get-call', path: ['calls', sessionId] }, getCallSchema, classifyCometChat);
    return body.data;
  }

  ongoingCalls(page: number): Promise<CometChatCallPage> {
    return this.http.requestJson(
      {
        op: 'list-calls',
        path: ['calls'],
        query: { status: 'ongoing', page: String(page), perPage: String(PAGE_SIZE) },
      },
      listCallsSchema,
      classifyCometChat,
    );
  }

  breakerState(): BreakerState {
    return this.http.breakerState();
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
