import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shareLinkRepository } from '../../../server/auth/shareLinkRepository';
import { MemoryShareLinkStore, type ShareLinkRecord, type ShareLinkStore } from '../../../server/auth/shareLinkStore';
import { ShareLinks } from '../../../server/auth/shareLinks';
import { LocalShareRevocations } from '../../../server/auth/shareRevocations';
import type { AppDatabase } from '../../../server/db';
import { postgresDatabase, sqliteDatabase } from '../../support/databaseStores';
import { startPostgres, type PostgresServer } from '../../support/postgresServer';

const NOW = Date.parse('2026-11-23T10:00:00.000Z');
const iso = (offsetMin: number) => new Date(NOW + offsetMin * 60_000).toISOString();
const moderator = { sub: 'alice', role: 'moderator' as const, rooms: null };

function record(id: string, overrides: Partial<ShareLinkRecord> = {}): ShareLinkRecord {
  return { id, provider: 'proconf', callId: 'standup', mintedBy: 'alice', createdAt: iso(-10), expiresAt: iso(60), revokedAt: null, ...overrides };
}

interface Opened {
  store: ShareLinkStore;
  /** Another store over the same database, as a restarted process would open it. */
  reopen(): Promise<ShareLinkStore>;
  close(): Promise<void>;
}

/** The same behaviour from every place links are kept. */
function shareLinkStoreContract(name: string, open: () => Promise<Opened>) {
  describe(`share link store: ${name}`, () => {
    it('keeps links, lists the unexpired, revokes once, prunes the expired', async () => {
      const { store, close } = await open();
      try {
        await store.add(record('AAAAAAAAAAAAAAAA'));
        await store.add(record('BBBBBBBBBBBBBBBB', { callId: 'all-hands', mintedBy: 'bob' }));
        await store.add(record('CCCCCCCCCCCCCCCC', { expiresAt: iso(-1) }));
        expect((await store.unexpired(iso(0))).map((l) => l.id).sort()).toEqual(['AAAAAAAAAAAAAAAA', 'BBBBBBBBBBBBBBBB']);
        expect(await store.get('BBBBBBBBBBBBBBBB')).toEqual(record('BBBBBBBBBBBBBBBB', { callId: 'all-hands', mintedBy: 'bob' }));
        expect(await store.revoke('AAAAAAAAAAAAAAAA', iso(0))).toBe(true);
        expect(await store.revoke('AAAAAAAAAAAAAAAA', iso(1))).toBe(false);
        expect(await store.revoke('ZZZZZZZZZZZZZZZZ', iso(1))).toBe(false);
        expect((await store.get('AAAAAAAAAAAAAAAA'))?.revokedAt).toBe(iso(0));
        await store.prune(iso(0));
        expect(await store.get('CCCCCCCCCCCCCCCC')).toBeUndefined();
        expect(await store.get('AAAAAAAAAAAAAAAA')).toBeDefined();
      } finally {
        await close();
      }
    });

    it('a revocation made through ShareLinks is refused again after a reopen', async () => {
      const { store, reopen, close } = await open();
      try {
        const links = new ShareLinks(store, new LocalShareRevocations(() => NOW), () => NOW);
        await links.minted('DDDDDDDDDDDDDDDD', { provider: 'proconf', callId: 'standup' }, 'alice', new Date(iso(30)));
        await links.minted('EEEEEEEEEEEEEEEE', { provider: 'proconf', callId: 'standup' }, 'alice', new Date(iso(30)));
        expect(await links.revoke(moderator, 'DDDDDDDDDDDDDDDD')).toBe('revoked');
        expect(links.revocations.isRevoked('DDDDDDDDDDDDDDDD')).toBe(true);

        const after = new ShareLinks(await reopen(), new LocalShareRevocations(() => NOW), () => NOW);
        expect(after.revocations.isRevoked('DDDDDDDDDDDDDDDD')).toBe(false);
        await after.load();
        expect(after.revocations.isRevoked('DDDDDDDDDDDDDDDD')).toBe(true);
        expect(after.revocations.isRevoked('EEEEEEEEEEEEEEEE')).toBe(false);
        expect((await after.activeFor(moderator)).map((l) => l.id)).toEqual(['EEEEEEEEEEEEEEEE']);
        // A moderator of another room neither sees nor revokes it.
        const other = { sub: 'm', role: 'moderator' as const, rooms: ['proconf:all-hands'] };
        expect(await after.activeFor(other)).toEqual([]);
        expect(await after.revoke(other, 'EEEEEEEEEEEEEEEE')).toBe('not-found');
      } finally {
        await close();
      }
    });
  });
}

shareLinkStoreContract('memory', async () => {
  const store = new MemoryShareLinkStore();
  return { store, reopen: async () => store, close: async () => {} };
});

shareLinkStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'roomwatch-links-'));
  const opened: AppDatabase[] = [];
  const openOne = async () => {
    const database = await sqliteDatabase(dir);
    opened.push(database);
    return shareLinkRepository(database);
  };
  return {
    store: await openOne(),
    reopen: openOne,
    close: async () => {
      for (const database of opened) await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

let postgres: PostgresServer;
let databases = 0;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.destroy();
});

shareLinkStoreContract('postgres', async () => {
  const url = await postgres.createDatabase(`links_${++databases}`);
  const opened: AppDatabase[] = [];
  const openOne = async () => {
    const database = await postgresDatabase(url);
    opened.push(database);
    return shareLinkRepository(database);
  };
  return {
    store: await openOne(),
    reopen: openOne,
    close: async () => {
      for (const database of opened) await database.close();
    },
  };
});
