import { isApiError, isFinal } from './api/ApiError';

/** Every polling knob in one place. */
export const POLLING = {
  /** Recording/transcription/state of one call. */
  statusMs: 2_000,
  /** The catch-up summary. */
  catchUpMs: 10_000,
  /** The list of live rooms on the overview. */
  roomsMs: 10_000,
  /** New events in a room's history (after the last one already read). */
  historyMs: 2_000,
  /** The Calls page and the report of a live call. */
  callsMs: 10_000,
  reportMs: 10_000,
  /** Repeated failures double the wait, up to this. */
  maxBackoffMs: 30_000,
  /** Overview cards start their polling this far apart, so 20 cards do not fire together. */
  cardStaggerMs: 100,
} as const;

/**
 * Consecutive failures per query. TanStack resets `fetchFailureCount` at every fetch start, so
 * with `retry: false` it never exceeds 1; the query cache callbacks keep the streak here instead.
 * A WeakMap keyed by the Query object: per client, gone with the query.
 */
const failureStreaks = new WeakMap<object, number>();

export function recordOutcome(query: object, failed: boolean): void {
  failureStreaks.set(query, failed ? (failureStreaks.get(query) ?? 0) + 1 : 0);
}

export function failureStreak(query: object): number {
  return failureStreaks.get(query) ?? 0;
}

/** The wait before the next poll: the base interval, doubled per consecutive failure, capped. */
export function nextPollDelay(baseMs: number, streak: number, retryAfterMs: number | null): number {
  const backoff = Math.min(POLLING.maxBackoffMs, baseMs * 2 ** Math.min(streak, 10));
  return Math.max(backoff, Math.min(retryAfterMs ?? 0, POLLING.maxBackoffMs));
}

/**
 * A `refetchInterval` for TanStack Query: polls every `baseMs`, backs off on errors, honours
 * Retry-After, and stops on answers that polling cannot change (401, 403, 404, 400).
 */
export function pollEvery(baseMs: number) {
  // Structural parameter type: accepts any Query<TData>, whatever its data type.
  return (query: { state: { status: string; error: unknown } }): number | false => {
    const { error, status } = query.state;
    if (status === 'error' || error) {
      if (isFinal(error)) return false;
      const retryAfter = isApiError(error) ? error.retryAfterMs : null;
      return nextPollDelay(baseMs, failureStreak(query), retryAfter);
    }
    return baseMs;
  };
}

/**
 * Queries asked once (who am I, which providers) have no poll to retry them, so they retry
 * themselves: on anything but a final answer, forever, with the same capped back-off.
 */
export function retryOneShot(_failures: number, error: unknown): boolean {
  return !isFinal(error);
}

export function retryOneShotDelay(failures: number, error: unknown): number {
  return nextPollDelay(1_000, failures, isApiError(error) ? error.retryAfterMs : null);
}
