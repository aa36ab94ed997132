import { createHash } from 'node:crypto';

/** What is kept of a code: never the code itself. */
function digestOf(code: string): string {
  return createHash('sha256').update(code).digest('base64url');
}

/**
 * One-time sign-in codes (the demo's printed link): stored once, good for exactly one
 * redemption on whichever instance it reaches.
 */
export interface SignInCodes {
  put(code: string, ttlMs: number): Promise<void>;
  /** True exactly once per stored code within its lifetime. */
  consume(code: string): Promise<boolean>;
}

/** Kept by digest, so a heap dump holds no usable code; lookup by digest also needs no constant-time compare. */
export class LocalSignInCodes implements SignInCodes {
  private readonly codes = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  put(code: string, ttlMs: number): Promise<void> {
    this.codes.set(digestOf(code), this.now() + ttlMs);
    return Promise.resolve();
  }

  consume(code: string): Promise<boolean> {
    const key = digestOf(code);
    const expiresAt = this.codes.get(key);
    this.codes.delete(key);
    return Promise.resolve(expiresAt !== undefined && expiresAt > this.now());
  }
}
