import { randomBytes } from 'node:crypto';
import { LocalSignInCodes, type SignInCodes } from './signInCodes';

/**
 * The demo's printed sign-in link, like a notebook server's: one random code, good for one
 * use within its lifetime. The codes live in SignInCodes: this process's memory, or Redis when
 * several instances run, so a link printed by one instance works once on whichever instance
 * it reaches. Codes are kept and looked up by digest, so no constant-time compare is needed.
 */
export class DemoSignIn {
  private current: string | undefined;

  constructor(private readonly codes: SignInCodes = new LocalSignInCodes()) {}

  /** Makes a new code (invalidating this instance's previous one) and returns it. */
  async mint(ttlMs = 60 * 60_000): Promise<string> {
    const code = randomBytes(24).toString('base64url');
    if (this.current) await this.codes.consume(this.current);
    this.current = code;
    await this.codes.put(code, ttlMs);
    return code;
  }

  /** True once for a code minted by any instance sharing the store; the code is spent on a match. */
  async redeem(candidate: string): Promise<boolean> {
    // A code is 32 base64url characters: anything else is not worth a round trip.
    if (!/^[A-Za-z0-9_-]{32}$/.test(candidate)) return false;
    return this.codes.consume(candidate);
  }
}
