import type { CoordinationConnection } from './connection';
import { signInCodeKey } from './keys';
import { LocalSignInCodes, type SignInCodes } from '../auth/signInCodes';

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
