import { z } from 'zod';
import { providerIdSchema } from '../../src/contract/ids';
import type { AppDatabase } from '../db';
import type { ShareLinkRecord, ShareLinkStore } from './shareLinkStore';

const rowSchema = z.object({
  id: z.string(),
  provider: providerIdSchema,
  call_id: z.string(),
  minted_by: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
  revoked_at: z.string().nullable(),
});

function toRecord(row: unknown): ShareLinkRecord {
  const r = rowSchema.parse(row);
  return { id: r.id, provider: r.provider, callId: r.call_id, mintedBy: r.minted_by, createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at };
}

/** Share links on the database (SQLite or PostgreSQL), so a revocation outlives a restart. */
export function shareLinkRepository(database: AppDatabase): ShareLinkStore {
  const { db } = database;
  return {
    async add(link) {
      await db
        .insertInto('share_links')
        .values({
          id: link.id,
          provider: link.provider,
          call_id: link.callId,
          minted_by: link.mintedBy,
          created_at: link.createdAt,
          expires_at: link.expiresAt,
          revoked_at: link.revokedAt,
        })
        .execute();
    },
    async get(id) {
      const row = await db.selectFrom('share_links').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },
    async unexpired(now) {
      return (await db.selectFrom('share_links').selectAll().where('expires_at', '>', now).orderBy('created_at', 'desc').execute()).map(toRecord);
    },
    async revoke(id, at) {
      const result = await db.updateTable('share_links').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async prune(before) {
      await db.deleteFrom('share_links').where('expires_at', '<', before).execute();
    },
  };
}
