import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';

/** The evidence signer's environment, merged into the process env schema like the other features'. */
export const evidenceEnvShape = {
  /** Ed25519 private key, PKCS#8 PEM (`\n` may stand for line breaks). Required with DATABASE_URL. */
  EVIDENCE_SIGNING_KEY: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.replace(/\\n/g, '\n').trim())),
};

export interface EvidenceConfig {
  /** PKCS#8 PEM; undefined: a key is made at first start and kept in DATA_DIR. */
  signingKeyPem: string | undefined;
}

export function evidenceConfig(env: { EVIDENCE_SIGNING_KEY?: string | undefined }): EvidenceConfig {
  return { signingKeyPem: env.EVIDENCE_SIGNING_KEY };
}

/**
 * What is wrong with the evidence settings, or null. Several instances on PostgreSQL must sign with
 * one key, and a key made in one instance's DATA_DIR would be another's unknown `kid`.
 */
export function evidenceProblem(env: { EVIDENCE_SIGNING_KEY?: string | undefined; HISTORY: string; DATABASE_URL?: string | undefined }): string | null {
  if (env.EVIDENCE_SIGNING_KEY) {
    try {
      const key = createPrivateKey(env.EVIDENCE_SIGNING_KEY);
      if (key.asymmetricKeyType !== 'ed25519') return 'EVIDENCE_SIGNING_KEY: must be an Ed25519 key (PKCS#8 PEM)';
    } catch {
      return 'EVIDENCE_SIGNING_KEY: not a readable PKCS#8 PEM private key';
    }
    return null;
  }
  if (env.HISTORY === 'on' && env.DATABASE_URL) {
    return 'EVIDENCE_SIGNING_KEY: required with DATABASE_URL (PostgreSQL): every instance must sign evidence with the same Ed25519 key (PKCS#8 PEM)';
  }
  return null;
}
