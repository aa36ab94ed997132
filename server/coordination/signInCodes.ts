import type { CoordinationConnection } from './connection';
import { digest, signInCodeKey } from './keys';

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
    this.codes.set(digest(code), this.now() + ttlMs);
    return Promise.resolve();
  }

  consume(code: string): Promise<boolean> {
    const key = digest(code);
    const expiresAt = this.codes.get(key);
    this.codes.delete(key);
    return Promise.resolve(expiresAt !== undefined && expiresAt > this.now());
  }
}

/**
 * Redis holds the digest of each code with its lifetime; DEL answers 1 for exactly one
 * caller, which is the atomic consume. A code stored while Redis was away lives in this
 * instance only and works here; a code stored in Redis waits for Redis rather than being
 * redeemable twice.
 */
export class ResilientSignInCodes implements SignInCodes {
  private readonly local: LocalSignInCodes;

  constructor(
    private readonly connection: CoordinationConnection,
    now: () => number = Date.now,
  ) {
    this.local = new LocalSignInCodes(now);
  }

  async put(code: string, ttlMs: number): Promise<void> {
    await this.connection.attempt(
      async (redis) => {
        await redis.set(signInCodeKey(code), '1', 'PX', ttlMs);
      },
      () => this.local.put(code, ttlMs),
    );
  }

  async consume(code: string): Promise<boolean> {
    if (await this.local.consume(code)) return true;
    return this.connection.attempt(
      async (redis) => (await redis.del(signInCodeKey(code))) === 1,
      () => false,
    );
  }
}

export function createSignInCodes(connection: CoordinationConnection | undefined): SignInCodes {
  return connection ? new ResilientSignInCodes(connection) : new LocalSignInCodes();
}
