import { sql } from 'kysely';
import { z } from 'zod';
import type { Migration } from '../migration';

const governanceRow = z.object({ provider: z.string(), call_id: z.string(), body: z.string() });
const retainDaysOf = z.object({ retainDays: z.number().int() }).nullable();

/**
 * Recording policies (in creation order), each call's frozen governance (`body` is its JSON, or
 * `null` for a call settled as ungoverned; `retain_days` is the governed call's retention, for
 * pruning) and every evidence signing key ever used. `IF NOT EXISTS`: a build made between the
 * assurance merge and this step created the first three tables itself, in this same shape but
 * without `retain_days`, which is filled here from their governance.
 */
export const recordingAssurance: Migration = {
  version: 5,
  name: 'recording policies, call governance, evidence keys',
  async up(db, kind) {
    const text = kind === 'postgres' ? 'TEXT COLLATE "C"' : 'TEXT';
    const statements = [
      `CREATE TABLE IF NOT EXISTS recording_policies (id ${text} PRIMARY KEY, position INTEGER NOT NULL, body TEXT NOT NULL)`,
      `CREATE TABLE IF NOT EXISTS call_governance (provider ${text} NOT NULL, call_id ${text} NOT NULL, body TEXT NOT NULL, PRIMARY KEY (provider, call_id))`,
      `ALTER TABLE call_governance ADD COLUMN retain_days INTEGER`,
      `CREATE INDEX call_governance_by_retain_days ON call_governance (retain_days)`,
      `CREATE TABLE IF NOT EXISTS evidence_keys (kid ${text} PRIMARY KEY, jwk TEXT NOT NULL)`,
    ];
    for (const statement of statements) await sql.raw(statement).execute(db);
    const rows = await sql`SELECT provider, call_id, body FROM call_governance`.execute(db);
    for (const row of rows.rows) {
      const { provider, call_id, body } = governanceRow.parse(row);
      const parsed = retainDaysOf.safeParse(JSON.parse(body));
      const days = parsed.success ? (parsed.data?.retainDays ?? null) : null;
      await sql`UPDATE call_governance SET retain_days = ${days} WHERE provider = ${provider} AND call_id = ${call_id}`.execute(db);
    }
  },
};
