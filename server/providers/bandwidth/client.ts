import type { FastifyBaseLogger } from 'fastify';
import type { ZodType } from 'zod';
import type { BreakerState } from '../../../src/contract/dashboard';
import { UpstreamError } from '../../errors';
import { failureForStatus, UpstreamClient, type UpstreamHeaders, type UpstreamResponse } from '../../upstream/http';
import type { UpstreamPolicy } from '../../upstream/policy';
import type { BandwidthVendorConfig } from './config';
import {
  bandwidthErrorSchema,
  callDetailsSchema,
  conferenceSchema,
  membersSchema,
  type BandwidthCallDetails,
  type Conference,
  type Member,
} from './schema';

/** `X-RateLimit-Reset` is an epoch time in milliseconds; turn it into a wait from now. */
export function retryAfterFromReset(headers: UpstreamHeaders, now = Date.now()): number | undefined {
  const raw = headers['x-ratelimit-reset'];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  if (!Number.isFinite(value) || value <= 0) return undefined;
  return Math.max(0, value - now);
}

/** HTTP statuses mean what they say at Bandwidth; the body's `code` only sharpens the log detail. */
export function classifyBandwidth(res: UpstreamResponse, now = Date.now()): UpstreamError | null {
  const failure = failureForStatus('bandwidth', res);
  if (!failure) return null;
  const body = bandwidthErrorSchema.safeParse(res.json);
  // Vendor codes are fixed identifiers (`conference-not-found`), safe for the log; `message` is not logged.
  const detail = body.success ? `HTTP ${res.status} ${body.data.code}` : failure.detail;
  if (failure.kind === 'rate_limited') {
    const retryAfterMs = retryAfterFromReset(res.headers, now) ?? failure.options.retryAfterMs;
    return new UpstreamError('bandwidth', 'rate_limited', detail, {
      status: res.status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  return new UpstreamError('bandwidth', failure.kind, detail, { status: res.status });
}

/** The three Catapult v1 reads roomwatch needs (conference, members, a member's call), under `/v1/users/{userId}/`, with HTTP Basic. */
export class BandwidthClient {
  private readonly http: UpstreamClient;
  private readonly userId: string;

  constructor(config: BandwidthVendorConfig, options: { policy: UpstreamPolicy; logger: FastifyBaseLogger }) {
    this.userId = config.userId;
    const basic = `Basic ${Buffer.from(`${config.apiToken}:${config.apiSecret}`).toString('base64')}`;
    this.http = new UpstreamClient({
      provider: 'bandwidth',
      baseUrl: config.url,
      // Catapult's budget is per user (account): instances of the same account share it.
      accountId: config.userId,
      policy: options.policy,
      logger: options.logger,
      defaultHeaders: () => ({ authorization: basic }),
      authRefusedMessage: 'Bandwidth refused our API credentials; check BANDWIDTH_API_TOKEN/SECRET and BANDWIDTH_USER_ID',
    });
  }

  conference(conferenceId: string): Promise<Conference> {
    return this.request('conference', ['conferences', conferenceId], conferenceSchema);
  }

  members(conferenceId: string): Promise<Member[]> {
    return this.request('conference-members', ['conferences', conferenceId, 'members'], membersSchema);
  }

  /** `callId` must already have passed callIdFromCallUrl's allow-list. */
  call(callId: string): Promise<BandwidthCallDetails> {
    return this.request('call', ['calls', callId], callDetailsSchema);
  }

  private request<T>(op: string, rest: string[], schema: ZodType<T>): Promise<T> {
    return this.http.requestJson({ op, path: ['v1', 'users', this.userId, ...rest] }, schema, (res) => classifyBandwidth(res));
  }

  breakerState(): BreakerState {
    return this.http.breakerState();
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
