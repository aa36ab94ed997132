import { hkdfSync } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { z } from 'zod';

/** The cookie that carries one sign-in attempt from /auth/login to /auth/callback. */
export const TRANSACTION_COOKIE = 'roomwatch_oidc';
/** Long enough to type a password and pass a second factor; short enough to be of little use if stolen. */
export const TRANSACTION_SECONDS = 10 * 60;

const transactionSchema = z.object({
  verifier: z.string().min(43).max(128),
  state: z.string().min(16).max(128),
  nonce: z.string().min(16).max(128),
  returnTo: z.string().min(1).max(2048),
});
export type Transaction = z.infer<typeof transactionSchema>;

/**
 * Sealed with AES-256-GCM under a key derived from SESSION_SECRET (HKDF, its own label), so the
 * browser can neither read the PKCE verifier nor change the state, nonce or returnTo it holds.
 */
export class TransactionSeal {
  private readonly key: Uint8Array;

  constructor(sessionSecret: string) {
    this.key = new Uint8Array(hkdfSync('sha256', sessionSecret, 'roomwatch', 'oidc sign-in transaction v1', 32));
  }

  seal(transaction: Transaction): Promise<string> {
    return new EncryptJWT({ ...transaction })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt()
      .setExpirationTime(`${TRANSACTION_SECONDS}s`)
      .encrypt(this.key);
  }

  /** The transaction, or null for a missing, tampered, foreign or expired cookie. */
  async open(cookie: string | undefined): Promise<Transaction | null> {
    if (!cookie || cookie.length > 4096) return null;
    try {
      const { payload } = await jwtDecrypt(cookie, this.key, { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
      const parsed = transactionSchema.safeParse(payload);
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
}
