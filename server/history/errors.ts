/**
 * Errors the history store raises on purpose, so callers can tell them apart from a store
 * that is simply down (which the watcher retries at its next poll).
 */

/** Another writer already numbered these events: retrying would write the same change twice. */
export class SeqConflictError extends Error {
  override readonly name = 'SeqConflictError';
  constructor(
    readonly provider: string,
    readonly callId: string,
    detail: string,
  ) {
    super(`history: ${provider}/${callId}: ${detail}`);
  }
}

/** A write the store can never accept (a record for another room, an event that breaks the contract): retrying cannot help. */
export class InvalidWriteError extends Error {
  override readonly name = 'InvalidWriteError';
}

/** A `cursor` query parameter the store did not issue: the route answers 400. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('cursor is not one this server issued');
  }
}
