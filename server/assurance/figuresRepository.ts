import { z } from 'zod';
import { verdictSchema } from '../../src/contract/assurance';
import { callRecordSchema } from '../../src/contract/history';
import type { AppDatabase } from '../db';
import type { FiguresStore, StoredFigures } from './figuresStore';

const integer = z.union([z.number(), z.bigint(), z.string()]).transform(Number);
const seconds = z.union([z.number(), z.string()]).transform(Number);
const figuresRow = z.object({
  provider: z.string(),
  call_id: z.string(),
  last_seq: integer,
  started_at: z.string(),
  vendor_started_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  policy_id: z.string().nullable(),
  verdict: verdictSchema,
  coverage: seconds.nullable(),
  occupied_sec: seconds,
  recorded_sec: seconds,
  unrecorded_sec: seconds,
  unverified_sec: seconds,
  violations: integer,
});
const recordRow = z.object({ record: z.string().transform((text) => callRecordSchema.parse(JSON.parse(text))) });

function toFigures(raw: unknown): StoredFigures {
  const row = figuresRow.parse(raw);
  return {
    row: {
      provider: row.provider,
      callId: row.call_id,
      startedAt: row.vendor_started_at,
      endedAt: row.ended_at,
      policyId: row.policy_id,
      verdict: row.verdict,
      coverage: row.coverage,
      unrecordedSec: row.unrecorded_sec,
      unverifiedSec: row.unverified_sec,
    },
    periodStart: row.started_at,
    occupiedSec: row.occupied_sec,
    recordedSec: row.recorded_sec,
    violations: row.violations,
    lastSeq: row.last_seq,
  };
}

/**
 * `call_assurance` (migration 7): the period query is one range scan of its `(started_at,
 * provider, call_id)` index, joined to `calls` by key to keep only rows still current.
 */
export function figuresRepository(database: AppDatabase): FiguresStore {
  const { db } = database;
  return {
    async ended(from, to, provider) {
      let query = db
        .selectFrom('call_assurance as a')
        .innerJoin('calls as c', (join) => join.onRef('c.provider', '=', 'a.provider').onRef('c.call_id', '=', 'a.call_id').onRef('c.last_seq', '=', 'a.last_seq'))
        .selectAll('a')
        .where('c.state', '=', 'ended')
        .where('a.started_at', '>=', from)
        .where('a.started_at', '<', to);
      if (provider !== undefined) query = query.where('a.provider', '=', provider);
      const rows = await query.orderBy('a.started_at').orderBy('a.provider').orderBy('a.call_id').execute();
      return rows.map(toFigures);
    },

    async unfolded() {
      const rows = await db
        .selectFrom('calls as c')
        .select('c.record')
        .where('c.state', '=', 'ended')
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('call_assurance as a')
                .select('a.provider')
                .whereRef('a.provider', '=', 'c.provider')
                .whereRef('a.call_id', '=', 'c.call_id')
                .whereRef('a.last_seq', '=', 'c.last_seq'),
            ),
          ),
        )
        .execute();
      return rows.map((row) => ({ record: recordRow.parse(row).record }));
    },

    async put(figures) {
      const values = {
        last_seq: figures.lastSeq,
        started_at: figures.periodStart,
        vendor_started_at: figures.row.startedAt,
        ended_at: figures.row.endedAt,
        policy_id: figures.row.policyId,
        verdict: figures.row.verdict,
        coverage: figures.row.coverage,
        occupied_sec: figures.occupiedSec,
        recorded_sec: figures.recordedSec,
        unrecorded_sec: figures.row.unrecordedSec,
        unverified_sec: figures.row.unverifiedSec,
        violations: figures.violations,
      };
      await db
        .insertInto('call_assurance')
        .values({ provider: figures.row.provider, call_id: figures.row.callId, ...values })
        .onConflict((conflict) => conflict.columns(['provider', 'call_id']).doUpdateSet(values))
        .execute();
    },
  };
}
