import { CompactSign } from 'jose';
import type { EvidencePayload } from '../../src/contract/assurance';
import type { EvidenceKeys } from './keys';

/** Compact JWS (EdDSA, `kid` = RFC 7638 thumbprint) over the payload's JSON. */
export async function signEvidence(keys: Pick<EvidenceKeys, 'kid' | 'privateKey'>, payload: EvidencePayload): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', kid: keys.kid, typ: 'roomwatch-evidence+jws' })
    .sign(keys.privateKey);
}
