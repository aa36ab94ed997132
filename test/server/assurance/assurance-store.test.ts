import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicKey } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEvidenceKeys } from '../../../server/evidence/keys';
import { evidenceSigningKey } from '../../support/evidenceKey';
import type { NewRoomEvent } from '../../../src/contract/history';
import { policyRepository } from '../../../server/assurance/policyRepository';
import { createAssuranceService } from '../../../server/assurance/service';
import { verifyChain, GENESIS_HASH } from '../../../server/evidence/chain';
import { chainRepository } from '../../../server/evidence/hashStore';
import { roomWrite } from '../../support/historyFixtures';
import { closableHistory, postgresDatabase, sqliteDatabase, type ClosableHistoryStore } from '../../support/databaseStores';
import { startPostgres, type PostgresServer } from '../../support/postgresServer';

let postgres: PostgresServer;
const dirs: string[] = [];
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await postgres.destroy();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const room = { provider: 'cometchat', callId: 'desk-1' };
const at = (sec: number) => new Date(Date.now() - 1000_000 + sec * 1000).toISOString();
const joined = (sec: number, id: string): NewRoomEvent => ({ kind: 'participant.joined', participantId: id, name: null, at: at(sec), observedAt: at(sec) });

/** The same behaviour on both databases: policies in creation order, governance kept once, chains never rehashed. */
function contract(name: string, open: () => Promise<ClosableHistoryStore>) {
  describe(`assurance tables on ${name}`, () => {
    it('keeps policies in creation order, edits and deletes them, and keeps the first governance of a call', async () => {
      const history = await open();
      const policies = policyRepository(history.database);
      const base = { enabled: true, match: {}, require: { recording: true, transcription: false }, graceSec: 60, retainDays: 2557 };
      const a = await policies.create({ ...base, name: 'a' }, new Date());
      const b = await policies.create({ ...base, name: 'b' }, new Date());
      expect((await policies.list()).map((p) => p.name)).toEqual(['a', 'b']);
      expect((await policies.update(a.id, { graceSec: 5 }))?.graceSec).toBe(5);
      expect((await policies.remove(b.id))?.name).toBe('b');
      expect(await policies.remove(b.id)).toBeUndefined();
      const governance = { policyId: a.id, require: a.require, graceSec: 5, retainDays: 2557, governedAt: at(0) };
      await policies.govern(room, governance);
      await policies.govern(room, { ...governance, graceSec: 999 });
      expect(await policies.governanceOf(room)).toEqual(governance);
      expect(await policies.governanceOf({ ...room, callId: 'other' })).toBeUndefined();
      // Settled as ungoverned is remembered too (a restart does not settle it again), and kept first.
      const unmatched = { ...room, callId: 'unmatched' };
      await policies.govern(unmatched, null);
      await policies.govern(unmatched, governance);
      expect(await policies.governanceOf(unmatched)).toBeNull();
      await history.close();
      const reopened = await open();
      expect((await policyRepository(reopened.database).list()).map((p) => p.name)).toEqual(['a']);
      await reopened.close();
    });

    it('a call settled as ungoverned stays so after a restart, though a matching policy came since', async () => {
      const service = (history: ClosableHistoryStore) =>
        createAssuranceService({
          database: history.database,
          history,
          watcher: { onEvents: () => () => undefined },
          providers: { get: () => ({ info: { capabilities: { participants: true } } }) as never },
          logger: { error: () => undefined },
        });
      const started = (sec: number): NewRoomEvent => ({ kind: 'watch.started', at: at(sec), observedAt: at(sec), state: 'active', recording: 'on', transcription: 'off', activeParticipants: 0, startedAt: at(sec) });
      const history = await open();
      await history.write(roomWrite(room, [started(0), joined(0, 'ann')]));
      expect(await service(history).governanceOf(room)).toBeNull();
      // Settled (null), not merely unsettled (undefined): kept in the database.
      expect(await policyRepository(history.database).governanceOf(room)).toBeNull();
      await history.close();

      const again = await open();
      const restarted = service(again);
      const policy = await restarted.createPolicy({ name: 'late', enabled: true, match: {}, require: { recording: true, transcription: false }, graceSec: 60, retainDays: 30 }, null);
      expect(await restarted.governanceOf(room)).toBeNull();
      const later = { ...room, callId: 'desk-2' };
      await again.write(roomWrite(later, [started(0), joined(0, 'bob')]));
      expect((await restarted.governanceOf(later))?.policyId).toBe(policy.id);
      await again.close();
    });

    it('a new EVIDENCE_SIGNING_KEY is a rotation: the old key stays listed; kid is the RFC 7638 thumbprint', async () => {
      const history = await open();
      const dir = mkdtempSync(join(tmpdir(), 'roomwatch-keys-'));
      dirs.push(dir);
      const firstPem = evidenceSigningKey();
      const first = await loadEvidenceKeys({ signingKeyPem: firstPem, dataDir: dir, database: history.database });
      const second = await loadEvidenceKeys({ signingKeyPem: evidenceSigningKey(), dataDir: dir, database: history.database });
      const kids = (await second.jwks()).keys.map((k) => k.kid);
      expect(kids.sort()).toEqual([first.kid, second.kid].sort());
      const jwk = createPublicKey(firstPem).export({ format: 'jwk' }) as JWK;
      expect(first.kid).toBe(await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: jwk.x ?? '' }));
      expect(JSON.stringify(await second.jwks())).not.toContain('"d"');
      await history.close();
    });

    it('chains events in the append, continues the chain after a reopen, and never rehashes a stored link', async () => {
      const history = await open();
      await history.write(roomWrite(room, [joined(0, 'ann'), joined(1, 'bob')]));
      await history.close();
      const again = await open();
      await again.write(roomWrite(room, [joined(2, 'cy')], { afterSeq: 2 }));
      const chains = chainRepository(again.database);
      const chained = await chains.chained(room);
      expect(chained.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(verifyChain(chained, GENESIS_HASH)).toMatchObject({ ok: true });

      // Someone edits a stored event: the stored link stays, so the chain names that seq.
      const row = await again.database.db.selectFrom('room_events').select('body').where('call_id', '=', room.callId).where('seq', '=', 2).executeTakeFirstOrThrow();
      const edited = JSON.stringify({ ...(JSON.parse(row.body) as object), participantId: 'mallory' });
      await again.database.db.updateTable('room_events').set({ body: edited }).where('call_id', '=', room.callId).where('seq', '=', 2).execute();
      const after = await chains.chained(room);
      expect(after.map((e) => e.hash)).toEqual(chained.map((e) => e.hash));
      expect(verifyChain(after, GENESIS_HASH)).toMatchObject({ ok: false, seq: 2 });
      await again.close();
    });
  });
}

/** One location per test: `open` may be called again on it, as a restart would. */
function perTest(make: () => Promise<() => Promise<ClosableHistoryStore>>): () => Promise<ClosableHistoryStore> {
  let current: { name: string; open: () => Promise<ClosableHistoryStore> } | undefined;
  return async () => {
    const name = expect.getState().currentTestName ?? '';
    if (current?.name !== name) current = { name, open: await make() };
    return current.open();
  };
}

contract(
  'SQLite',
  perTest(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roomwatch-assurance-'));
    dirs.push(dir);
    return async () => closableHistory(await sqliteDatabase(dir));
  }),
);

let n = 0;
contract(
  'PostgreSQL',
  perTest(async () => {
    const url = await postgres.createDatabase(`assurance_${++n}`);
    return async () => closableHistory(await postgresDatabase(url));
  }),
);
