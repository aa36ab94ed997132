import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { governanceSchema, recordingPolicySchema, type RecordingPolicy } from '../../src/contract/assurance';
import type { AppDatabase } from '../db';
import { compiledOnce } from '../db/compiledOnce';
import type { PolicyStore } from './policyStore';

const bodyRow = z.object({ body: z.string() });
const positionRow = z.object({ position: z.union([z.number(), z.bigint(), z.string()]).nullable() });

const toPolicy = (row: unknown): RecordingPolicy => recordingPolicySchema.parse(JSON.parse(bodyRow.parse(row).body));

/** Recording policies and call governance on the database: every query once, for both dialects. */
export function policyRepository(database: AppDatabase): PolicyStore {
  const { db } = database;
  // Run for every room the watcher sees occupied first (assurance/service.ts): compiled once.
  const listQuery = compiledOnce(() => db.selectFrom('recording_policies').select('body').orderBy('position'));
  const governanceQuery = compiledOnce((provider: string, callId: string) =>
    db.selectFrom('call_governance').select('body').where('provider', '=', provider).where('call_id', '=', callId),
  );
  const governQuery = compiledOnce((provider: string, callId: string, body: string, retainDays: number | null) =>
    db
      .insertInto('call_governance')
      .values({ provider, call_id: callId, body, retain_days: retainDays })
      .onConflict((conflict) => conflict.columns(['provider', 'call_id']).doNothing()),
  );
  const get = async (id: string) => {
    const row = await db.selectFrom('recording_policies').select('body').where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toPolicy(row);
  };

  return {
    async list() {
      const { rows } = await db.executeQuery(listQuery());
      return rows.map(toPolicy);
    },

    create(input, now) {
      const policy: RecordingPolicy = { id: randomUUID(), ...input, createdAt: now.toISOString() };
      return database.transaction(async (trx) => {
        const last = positionRow.parse(await trx.selectFrom('recording_policies').select(({ fn }) => fn.max('position').as('position')).executeTakeFirstOrThrow());
        await trx
          .insertInto('recording_policies')
          .values({ id: policy.id, position: Number(last.position ?? 0) + 1, body: JSON.stringify(policy) })
          .execute();
        return policy;
      });
    },

    update(id, patch) {
      return database.transaction(async (trx) => {
        const row = await trx.selectFrom('recording_policies').select('body').where('id', '=', id).executeTakeFirst();
        if (row === undefined) return undefined;
        const next = recordingPolicySchema.parse({ ...toPolicy(row), ...patch });
        await trx.updateTable('recording_policies').set({ body: JSON.stringify(next) }).where('id', '=', id).execute();
        return next;
      });
    },

    async remove(id) {
      const current = await get(id);
      if (current) await db.deleteFrom('recording_policies').where('id', '=', id).execute();
      return current;
    },

    async governanceOf(room) {
      const row = (await db.executeQuery(governanceQuery(room.provider, room.callId))).rows[0];
      return row === undefined ? undefined : governanceSchema.nullable().parse(JSON.parse(bodyRow.parse(row).body));
    },

    async govern(room, governance) {
      await db.executeQuery(governQuery(room.provider, room.callId, JSON.stringify(governance), governance?.retainDays ?? null));
    },
  };
}
