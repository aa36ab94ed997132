import { setTimeout as sleep } from 'node:timers/promises';
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  ConsecutiveBreaker,
  IsolatedCircuitError,
  bulkhead,
  circuitBreaker,
  handleWhen,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import type { FastifyBaseLogger } from 'fastify';
import type { ProviderId } from '../../src/contract/ids';
import { UpstreamError, type UpstreamFailureKind } from '../errors';
import type { BreakerState } from '../../src/contract/dashboard';
import { VendorPause } from './pause';
import type { UpstreamPolicy } from './policy';
import { LocalRateBucket, type RateBucket } from './rateBucket';

/**
 * An answer the resilience layer gave without asking the vendor (breaker open, bulkhead full, paused,
 * out of tokens). Still an UpstreamError, so routes and the stale cache treat it like the
 * vendor failure it stands in for; the client logs it at debug, not once per poll.
 */
export class LocalRefusal extends UpstreamError {}

/** Failures that say the vendor is in trouble. The caller's mistakes and 429s do not count. */
const VENDOR_TROUBLE: ReadonlySet<UpstreamFailureKind> = new Set(['unavailable', 'timeout', 'bad_answer', 'auth']);

export function countsAgainstVendor(err: unknown): boolean {
  return err instanceof UpstreamError && !(err instanceof LocalRefusal) && VENDOR_TROUBLE.has(err.kind);
}

/**
 * Everything between "the adapter wants a request" and "the request leaves", per vendor:
 * a vendor-requested pause, the circuit breaker (cockatiel, consecutive failures, one
 * half-open probe after the cool-down), the bulkhead (cockatiel, in-flight limit with a short
 * queue) and the client-side token bucket: this process's own, or with several instances the
 * vendor account's bucket in Redis (policy.shared), so three instances spend one budget.
 */
export class UpstreamResilience {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly bulkhead: BulkheadPolicy;
  private readonly bucket: RateBucket | null;
  private readonly pause = new VendorPause();
  private openedAt = 0;

  constructor(
    private readonly provider: ProviderId,
    private readonly policy: UpstreamPolicy,
    logger: FastifyBaseLogger,
    /** Names the vendor account for a shared budget (no secrets): the base URL, plus a user or app id. */
    accountIdentity = '',
  ) {
    this.breaker = circuitBreaker(handleWhen(countsAgainstVendor), {
      halfOpenAfter: policy.breakerCooldownMs,
      breaker: new ConsecutiveBreaker(policy.breakerFailures),
    });
    this.breaker.onBreak(() => {
      this.openedAt = Date.now();
      logger.warn({ provider, cooldownMs: policy.breakerCooldownMs }, 'upstream circuit opened');
    });
    this.breaker.onHalfOpen(() => logger.info({ provider }, 'upstream circuit half-open: probing'));
    this.breaker.onReset(() => logger.info({ provider }, 'upstream circuit closed'));
    this.bulkhead = bulkhead(policy.maxInFlight, policy.queueSize);
    this.bucket =
      policy.ratePerSecond === null
        ? null
        : (policy.shared?.rateBucket(accountIdentity, policy.ratePerSecond, policy.rateBurst) ??
          new LocalRateBucket(policy.ratePerSecond, policy.rateBurst));
  }

  async run<T>(attempt: () => Promise<T>): Promise<T> {
    this.refuseIfPaused();
    // Checked before queueing so that an open breaker answers at once, not after a queue wait.
    if (this.breakerRefuses()) throw this.refusal('unavailable', 'circuit open');
    try {
      return await this.bulkhead.execute(async () => {
        await this.waitForToken();
        this.refuseIfPaused();
        return await this.breaker.execute(attempt);
      });
    } catch (err) {
      if (err instanceof BulkheadRejectedError) throw this.refusal('unavailable', 'bulkhead full');
      if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) {
        throw this.refusal('unavailable', 'circuit open');
      }
      if (err instanceof UpstreamError && err.kind === 'rate_limited' && !(err instanceof LocalRefusal)) {
        this.pause.pauseFor(err.options.retryAfterMs ?? this.policy.rateLimitPauseMs);
      }
      throw err;
    }
  }

  breakerState(): BreakerState {
    switch (this.breaker.state) {
      case CircuitState.Closed:
        return 'closed';
      case CircuitState.HalfOpen:
        return 'half-open';
      default:
        return 'open';
    }
  }

  /** Open and still cooling down, or half-open with its one probe already out. */
  private breakerRefuses(): boolean {
    const state = this.breaker.state;
    if (state === CircuitState.HalfOpen || state === CircuitState.Isolated) return true;
    return state === CircuitState.Open && Date.now() - this.openedAt < this.policy.breakerCooldownMs;
  }

  private refuseIfPaused(): void {
    const remaining = this.pause.remainingMs();
    if (remaining > 0) {
      throw this.refusal('rate_limited', 'paused at the vendor’s request', remaining);
    }
  }

  private async waitForToken(): Promise<void> {
    if (!this.bucket) return;
    const waitMs = await this.bucket.reserve(this.policy.rateWaitMs);
    if (waitMs === null) {
      throw this.refusal('rate_limited', 'client-side rate limit', Math.max(1, await this.bucket.msUntilFree()));
    }
    if (waitMs > 0) await sleep(waitMs);
  }

  private refusal(kind: UpstreamFailureKind, detail: string, retryAfterMs?: number): LocalRefusal {
    return new LocalRefusal(this.provider, kind, detail, retryAfterMs === undefined ? {} : { retryAfterMs });
  }
}
