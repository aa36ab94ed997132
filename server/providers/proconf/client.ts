import type { FastifyBaseLogger } from 'fastify';
import type { BreakerState } from '../../../src/contract/dashboard';
import { UpstreamError } from '../../errors';
import { failureForStatus, UpstreamClient, type UpstreamResponse } from '../../upstream/http';
import type { UpstreamPolicy } from '../../upstream/policy';
import type { ProconfVendorConfig } from './config';
import {
  callCatchUpSchema,
  callSummarySchema,
  meetingsSchema,
  proconfErrorSchema,
  sessionsStatusSchema,
  type CallSummaryRecord,
  type Meeting,
  type SessionsStatus,
} from './schema';

/**
 * The meeting list names every meeting of the account (about 120 bytes each): past the default
 * 1 MB cap at about 8,000 of them, and with history on every snapshot needs it.
 */
const MEETINGS_MAX_BYTES = 32 * 1024 * 1024;

/** ProCONF answers errors as an envelope; a 200 carrying `error` is still a failure. */
function classify(res: UpstreamResponse): UpstreamError | null {
  const statusFailure = failureForStatus('proconf', res);
  if (statusFailure) return statusFailure;
  const envelope = proconfErrorSchema.safeParse(res.json);
  if (envelope.success) {
    const { code } = envelope.data.error;
    const kind = code === 404 ? 'not_found' : code === 429 ? 'rate_limited' : 'bad_answer';
    return new UpstreamError('proconf', kind, `error envelope code ${code}`, { status: res.status });
  }
  return null;
}

/** The ProCONF admin calls roomwatch needs; the base URL's path prefix is kept. */
export class ProconfAdminClient {
  private readonly http: UpstreamClient;

  constructor(config: ProconfVendorConfig, options: { policy: UpstreamPolicy; logger: FastifyBaseLogger }) {
    const token = config.token;
    this.http = new UpstreamClient({
      provider: 'proconf',
      baseUrl: config.url,
      policy: options.policy,
      logger: options.logger,
      defaultHeaders: (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {}),
    });
  }

  async sessionsStatus(room: string): Promise<SessionsStatus> {
    const body = await this.http.requestJson(
      { op: 'sessions-status', path: ['sessions-status', room] },
      sessionsStatusSchema,
      classify,
    );
    return body.data;
  }

  async callCatchUp(room: string): Promise<string> {
    const body = await this.http.requestJson(
      { op: 'call-catchup', path: ['call-catchup', room] },
      callCatchUpSchema,
      classify,
    );
    return body.data;
  }

  async callSummary(room: string): Promise<CallSummaryRecord> {
    const body = await this.http.requestJson({ op: 'call-summary', path: ['call-summary', room] }, callSummarySchema, classify);
    return body.data;
  }

  async meetings(): Promise<Meeting[]> {
    const body = await this.http.requestJson({ op: 'meetings', path: ['meetings'], maxBodyBytes: MEETINGS_MAX_BYTES }, meetingsSchema, classify);
    return body.data;
  }

  breakerState(): BreakerState {
    return this.http.breakerState();
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
