import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config';

const base = { HISTORY: 'on', AUTH_JWT_SECRET: 'x'.repeat(40) };
const problems = (env: Record<string, string>) => {
  const loaded = loadConfig({ ...base, ...env });
  return loaded.ok ? [] : loaded.problems;
};

describe('EVIDENCE_SIGNING_KEY', () => {
  it('is required with PostgreSQL, named in the error', () => {
    expect(problems({ DATABASE_URL: 'postgres://u:p@db:5432/rw' }).join('\n')).toMatch(/^EVIDENCE_SIGNING_KEY: required with DATABASE_URL/m);
    expect(problems({})).toEqual([]);
  });

  it('must be an Ed25519 PKCS#8 PEM; \\n escapes are accepted', () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(problems({ DATABASE_URL: 'postgres://u:p@db:5432/rw', EVIDENCE_SIGNING_KEY: pem.replace(/\n/g, '\\n') })).toEqual([]);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(problems({ EVIDENCE_SIGNING_KEY: rsa })).toEqual(['EVIDENCE_SIGNING_KEY: must be an Ed25519 key (PKCS#8 PEM)']);
    expect(problems({ EVIDENCE_SIGNING_KEY: 'not a key' })).toEqual(['EVIDENCE_SIGNING_KEY: not a readable PKCS#8 PEM private key']);
  });
});
