import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { z } from 'zod';
import type { AppDatabase } from '../db';

/** A public key as published: the RFC 7638 thumbprint is its `kid`. */
export interface PublicEvidenceJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface EvidenceKeys {
  kid: string;
  privateKey: KeyObject;
  /** Every public key ever used here, the current one included (old evidence stays verifiable). */
  jwks(): Promise<{ keys: PublicEvidenceJwk[] }>;
}

const KEY_FILE = 'evidence-signing-key.pem';
const KEYRING_FILE = 'evidence-keys.json';

const keyringSchema = z.object({
  keys: z.array(
    z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string(), kid: z.string(), alg: z.literal('EdDSA'), use: z.literal('sig') }),
  ),
});

export async function publicJwkOf(privateKey: KeyObject): Promise<PublicEvidenceJwk> {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('evidence key is not Ed25519');
  const kid = await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: jwk.x }, 'sha256');
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, alg: 'EdDSA', use: 'sig' };
}

function readKeyring(path: string): PublicEvidenceJwk[] {
  if (!existsSync(path)) return [];
  const parsed = keyringSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path} is not a keyring roomwatch wrote`);
  return parsed.data.keys;
}

/** Writes whole or not at all: a crash mid-write must not lose the keys old evidence names. */
function writeAtomically(path: string, text: string, mode: number): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text, { mode });
  renameSync(temp, path);
}

const jwkSchema = keyringSchema.shape.keys.element;

/** The keyring in the history's database (table `evidence_keys`): every instance publishes every key any of them used. */
async function databaseKeyring(database: AppDatabase, current: PublicEvidenceJwk): Promise<() => Promise<PublicEvidenceJwk[]>> {
  await database.db
    .insertInto('evidence_keys')
    .values({ kid: current.kid, jwk: JSON.stringify(current) })
    .onConflict((conflict) => conflict.column('kid').doNothing())
    .execute();
  return async () => {
    const rows = await database.db.selectFrom('evidence_keys').select('jwk').orderBy('kid').execute();
    return rows.map((row) => jwkSchema.parse(JSON.parse(row.jwk)));
  };
}

/**
 * The signing key: EVIDENCE_SIGNING_KEY, else the one kept in `dataDir` (made at first start).
 * With a database the keyring is a table in it (shared by every instance); without, a file in `dataDir`.
 * The public half joins the keyring, which keeps every key ever used, so setting a new
 * EVIDENCE_SIGNING_KEY is a rotation and evidence signed before it still verifies.
 */
export async function loadEvidenceKeys(options: { signingKeyPem: string | undefined; dataDir: string; database?: AppDatabase }): Promise<EvidenceKeys> {
  mkdirSync(options.dataDir, { recursive: true });
  let pem = options.signingKeyPem;
  if (pem === undefined) {
    const keyPath = join(options.dataDir, KEY_FILE);
    if (existsSync(keyPath)) pem = readFileSync(keyPath, 'utf8');
    else {
      pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      writeAtomically(keyPath, pem, 0o600);
    }
  }
  const privateKey = createPrivateKey(pem);
  const current = await publicJwkOf(privateKey);
  if (options.database) {
    const read = await databaseKeyring(options.database, current);
    return { kid: current.kid, privateKey, jwks: async () => ({ keys: await read() }) };
  }
  const ringPath = join(options.dataDir, KEYRING_FILE);
  const ring = readKeyring(ringPath);
  if (!ring.some((k) => k.kid === current.kid)) {
    ring.push(current);
    writeAtomically(ringPath, `${JSON.stringify({ keys: ring }, null, 2)}\n`, 0o644);
  }
  const published = { keys: ring };
  return { kid: current.kid, privateKey, jwks: async () => published };
}
