import { generateKeyPairSync } from 'node:crypto';

/** A fresh Ed25519 signing key (PKCS#8 PEM) for EVIDENCE_SIGNING_KEY, which PostgreSQL deployments must set. */
export function evidenceSigningKey(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}
