/**
 * Every failed BFF call becomes one of these: `status` and `message` come from the envelope
 * (`{data:null, error:{code, message}}`) when there is one. `status` 0 means the request never
 * got an answer (offline, server down), which the UI shows as "connection lost".
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** From `Retry-After` on a 429/503, in milliseconds; polling waits at least this long. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The envelope's `error.code` (equal to the HTTP status by contract). */
  get code(): number {
    return this.status;
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Errors that polling cannot fix: asking again gives the same answer. */
export function isFinal(error: unknown): boolean {
  return isApiError(error) && [400, 401, 403, 404].includes(error.status);
}
