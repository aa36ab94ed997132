import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'libsql';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidencePayloadSchema } from '../../../src/contract/assurance';
import { historyEnv, startTestServer, type TestServer } from '../../support/support';
import { eventually } from '../../support/upstreamHarness';

const run = promisify(execFile);

/** Runs the verifier as a user would; never throws, gives the exit code and what it printed. */
async function verify(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/verify-evidence.ts', ...args], { cwd: process.cwd() });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, out: (e.stdout ?? '') + (e.stderr ?? '') };
  }
}

describe('signed evidence', () => {
  const dirs = historyEnv({ WATCH_INTERVAL_MS: '300', RATE_LIMIT_USER_PER_MIN: '0', RATE_LIMIT_IP_PER_MIN: '0' });
  let server: TestServer;
  let moderator: string;
  let room: string;

  beforeAll(async () => {
    server = await startTestServer(dirs.env);
    moderator = await server.token({ role: 'moderator' });
    room = server.simulator?.proconf.live()[0]?.name ?? '';
    if (!room) throw new Error('the simulator has no live ProCONF room');
    await server.get(`/api/calls/proconf/${room}/history`, moderator);
    await eventually(async () => (await server.get(`/api/calls/proconf/${room}/evidence`, moderator)).status === 200, 8000);
  });
  afterAll(async () => {
    await server.close();
    dirs.cleanup();
  });

  it('publishes a plain JWKS and signs evidence any JOSE library verifies with it', async () => {
    const keysResponse = await server.get('/.well-known/roomwatch-evidence-keys');
    expect(keysResponse.status).toBe(200);
    const jwks = (await keysResponse.json()) as { keys: { kid: string; kty: string; crv: string }[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(jwks.keys[0]).not.toHaveProperty('d');

    const response = await server.get(`/api/calls/proconf/${room}/evidence`, moderator);
    expect(response.headers.get('content-type')).toBe('application/jose');
    const jws = await response.text();
    expect(decodeProtectedHeader(jws)).toMatchObject({ alg: 'EdDSA', kid: jwks.keys[0]?.kid });
    const { payload } = await compactVerify(jws, createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]));
    const evidence = evidencePayloadSchema.parse(JSON.parse(new TextDecoder().decode(payload)));
    expect(evidence).toMatchObject({ provider: 'proconf', callId: room, complete: false });
    expect(evidence.events[0]).toMatchObject({ seq: 1, prevHash: '0'.repeat(64) });
    expect(evidence.headHash).toBe(evidence.events.at(-1)?.hash);
  });

  it('is for moderators only', async () => {
    const participant = await server.token({ role: 'participant', rooms: [room] });
    expect((await server.get(`/api/calls/proconf/${room}/evidence`, participant)).status).toBe(403);
    expect((await server.get(`/api/calls/proconf/${room}/assurance`, participant)).status).toBe(403);
    expect((await server.get(`/api/calls/proconf/${room}/evidence`)).status).toBe(401);
  });

  it('verify-evidence: 0 for the file as served, 1 naming the signature when a byte changes, 2 for input problems', async () => {
    const jws = await (await server.get(`/api/calls/proconf/${room}/evidence`, moderator)).text();
    const jwksUrl = `${server.url}/.well-known/roomwatch-evidence-keys`;
    const file = join(dirs.dataDir, 'evidence.jws');
    writeFileSync(file, jws);
    const ok = await verify([file, '--jwks', jwksUrl]);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out.trim().split('\n')).toHaveLength(1);
    expect(ok.out).toContain(`proconf:${room}`);

    const [header, body, signature] = jws.split('.');
    const payload = JSON.parse(Buffer.from(body ?? '', 'base64url').toString()) as { assurance: { recordedSec: number } };
    payload.assurance.recordedSec += 60;
    writeFileSync(file, [header, Buffer.from(JSON.stringify(payload)).toString('base64url'), signature].join('.'));
    const forged = await verify([file, '--jwks', jwksUrl]);
    expect(forged.code).toBe(1);
    expect(forged.out.trim()).toBe('invalid: signature');

    const keysFile = join(dirs.dataDir, 'other-keys.json');
    writeFileSync(keysFile, JSON.stringify({ keys: [] }));
    writeFileSync(file, jws);
    const unknownKid = await verify([file, '--jwks', keysFile]);
    expect(unknownKid.code).toBe(2);
    expect(unknownKid.out).toMatch(/unknown kid/);
    expect((await verify([join(dirs.dataDir, 'missing.jws'), '--jwks', keysFile])).code).toBe(2);
    expect((await verify([])).code).toBe(2);
    const unreachable = await verify([file, '--jwks', 'http://127.0.0.1:1/keys']);
    expect(unreachable.code).toBe(2);
    expect(unreachable.out).not.toMatch(/\n\s+at /);
  }, 120_000);

  it('an event edited in the store afterwards: the evidence still verifies its signature, and verify-evidence names that seq', async () => {
    const before = evidencePayloadSchema.parse(
      JSON.parse(Buffer.from((await (await server.get(`/api/calls/proconf/${room}/evidence`, moderator)).text()).split('.')[1] ?? '', 'base64url').toString()),
    );
    const target = before.events.find((e) => e.seq >= 2) ?? before.events[0];
    if (!target) throw new Error('no events');
    const db = new Database(join(dirs.dataDir, 'roomwatch.db'));
    const row = db.prepare('SELECT body FROM room_events WHERE provider = ? AND call_id = ? AND seq = ?').get('proconf', room, target.seq) as { body: string };
    const edited = { ...(JSON.parse(row.body) as Record<string, unknown>), observedAt: new Date(Date.parse(target.at) + 1).toISOString() };
    db.prepare('UPDATE room_events SET body = ? WHERE provider = ? AND call_id = ? AND seq = ?').run(JSON.stringify(edited), 'proconf', room, target.seq);
    db.close();

    const jws = await (await server.get(`/api/calls/proconf/${room}/evidence`, moderator)).text();
    const file = join(dirs.dataDir, 'edited.jws');
    writeFileSync(file, jws);
    const result = await verify([file, '--jwks', `${server.url}/.well-known/roomwatch-evidence-keys`]);
    expect(result.code, result.out).toBe(1);
    expect(result.out.trim()).toBe(`invalid: seq ${target.seq} (content does not match its hash)`);
  }, 60_000);
});
