import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The demo's printed sign-in link, like a notebook server's: one random code, good for one
 * use within its lifetime. Compared in constant time.
 */
export class DemoSignIn {
  private code: Buffer | undefined;
  private expiresAt = 0;

  /** Makes a new code (invalidating the previous one) and returns it. */
  mint(ttlMs = 60 * 60_000): string {
    const code = randomBytes(24).toString('base64url');
    this.code = Buffer.from(code);
    this.expiresAt = Date.now() + ttlMs;
    return code;
  }

  /** True once for the current code; the code is spent whatever the outcome after a match. */
  redeem(candidate: string): boolean {
    const code = this.code;
    if (!code || Date.now() > this.expiresAt) return false;
    const given = Buffer.from(candidate);
    if (given.length !== code.length || !timingSafeEqual(given, code)) return false;
    this.code = undefined;
    return true;
  }
}
