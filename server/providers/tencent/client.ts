import { randomInt } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { BreakerState } from '../../../src/contract/dashboard';
import { UpstreamError, type UpstreamFailureKind } from '../../errors';
import { failureForStatus, UpstreamClient, type UpstreamResponse } from '../../upstream/http';
import type { UpstreamPolicy } from '../../upstream/policy';
import type { TencentVendorConfig } from './config';
import { getCallInfoSchema, tencentFailureSchema, type TencentCallInfo } from './schema';
import { UserSigCache } from './userSig';

/** get_call_info's own codes and the REST API's common ones that roomwatch must tell apart. */
export function kindForTencentCode(code: number): UpstreamFailureKind {
  switch (code) {
    case 101004: // the call does not exist, or has ended
      return 'not_found';
    case 101002: // invalid parameter
      return 'bad_request';
    case 70001: // UserSig expired
    case 70003: // UserSig invalid
    case 70009: // UserSig verification failed
      return 'auth';
    case 60006: // SDKAppID over its request-rate limit
    case 60007:
    case 60011:
      return 'rate_limited';
    case 101001: // internal error, retry
    default:
      return 'unavailable';
  }
}

/** The log detail of a Tencent failure code; also how callInfo recognises an expired UserSig. */
export function tencentDetail(code: number): string {
  return `ActionStatus FAIL ErrorCode ${code}`;
}

/**
 * Tencent answers HTTP 200 for its own failures: `ActionStatus: "FAIL"` with an ErrorCode.
 * Only the code reaches the log; ErrorInfo is vendor text and can echo request parameters.
 */
export function classifyTencent(res: UpstreamResponse): UpstreamError | null {
  const statusFailure = failureForStatus('tencent', res);
  if (statusFailure) return statusFailure;
  const failed = tencentFailureSchema.safeParse(res.json);
  if (!failed.success) return null;
  const code = failed.data.ErrorCode;
  const kind = kindForTencentCode(code);
  return new UpstreamError('tencent', kind, tencentDetail(code), {
    status: res.status,
    // Tencent's rate-limit answer says nothing about when to come back; one second is its window.
    ...(kind === 'rate_limited' ? { retryAfterMs: 1000 } : {}),
  });
}

export interface TencentClientOptions {
  policy: UpstreamPolicy;
  logger: FastifyBaseLogger;
  /** Clock for UserSig issue times, injectable for tests. */
  now?: () => number;
}

/** `POST /v4/call_engine_http_srv/get_call_info` with a self-generated administrator UserSig. */
export class TencentClient {
  private readonly http: UpstreamClient;
  private readonly userSig: UserSigCache;

  constructor(
    private readonly config: TencentVendorConfig,
    options: TencentClientOptions,
  ) {
    this.userSig = new UserSigCache({
      sdkAppId: config.sdkAppId,
      identifier: config.adminId,
      secretKey: config.secretKey,
      ...(options.now ? { now: options.now } : {}),
    });
    this.http = new UpstreamClient({
      provider: 'tencent',
      baseUrl: config.url,
      // One endpoint serves every app: the budget is the app's.
      accountId: String(config.sdkAppId),
      // Tencent's own deadline for these calls is 3 s; never wait longer than that.
      policy: { ...options.policy, timeoutMs: Math.min(options.policy.timeoutMs, 3000) },
      logger: options.logger,
      authRefusedMessage: 'Tencent refused our UserSig; check TENCENT_SDKAPPID, TENCENT_SECRET_KEY and TENCENT_ADMIN_ID',
    });
  }

  async callInfo(callId: string): Promise<TencentCallInfo> {
    try {
      return await this.request(callId, true);
    } catch (err) {
      if (!(err instanceof UpstreamError) || err.kind !== 'auth') throw err;
      // Expired although we renew early (clock skew?): sign afresh and try once more.
      if (err.detail === tencentDetail(70001)) {
        this.userSig.invalidate();
        return await this.request(callId, false);
      }
      throw err;
    }
  }

  /** On the first try an expired sig is renewed and retried (callInfo), so that refusal is not logged as an error. */
  private async request(callId: string, firstTry: boolean): Promise<TencentCallInfo> {
    const body = await this.http.requestJson(
      {
        // The query holds the UserSig: the client logs `op` only, never the URL.
        op: 'get_call_info',
        method: 'POST',
        path: ['v4', 'call_engine_http_srv', 'get_call_info'],
        query: {
          sdkappid: String(this.config.sdkAppId),
          identifier: this.config.adminId,
          usersig: this.userSig.get(),
          random: String(randomInt(0, 2 ** 32)),
          contenttype: 'json',
        },
        body: { CallId: callId },
        ...(firstTry ? { authRetryFollows: (failure: UpstreamError) => failure.detail === tencentDetail(70001) } : {}),
      },
      getCallInfoSchema,
      classifyTencent,
    );
    return body.Response;
  }

  breakerState(): BreakerState {
    return this.http.breakerState();
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
