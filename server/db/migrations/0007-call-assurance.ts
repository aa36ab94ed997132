import { sqlSteps, type Migration } from '../migration';

const table = (text: string, real: string) =>
  `CREATE TABLE call_assurance (provider ${text} NOT NULL, call_id ${text} NOT NULL, last_seq BIGINT NOT NULL, started_at ${text} NOT NULL, ` +
  `vendor_started_at TEXT, ended_at TEXT, policy_id TEXT, verdict TEXT NOT NULL, coverage ${real}, occupied_sec ${real} NOT NULL, ` +
  `recorded_sec ${real} NOT NULL, unrecorded_sec ${real} NOT NULL, unverified_sec ${real} NOT NULL, violations INTEGER NOT NULL, ` +
  `PRIMARY KEY (provider, call_id))`;
const index = 'CREATE INDEX call_assurance_by_start ON call_assurance (started_at, provider, call_id)';

/**
 * Each ended call's assurance figures and report row, folded once (when it ends, or by the first
 * period query that meets it), so the period query reads rows instead of every call's events.
 * `started_at` is the start the period counts by (the vendor's, else the first watch's);
 * `vendor_started_at` is the row's own `startedAt`. `last_seq` is the last event folded: a row
 * counts only while the call's `last_seq` is the same. Nothing to fill here: the first period
 * query folds the calls it finds missing.
 */
export const callAssurance: Migration = {
  version: 7,
  name: 'call assurance figures',
  up: sqlSteps({
    sqlite: [table('TEXT', 'REAL'), index],
    postgres: [table('TEXT COLLATE "C"', 'DOUBLE PRECISION'), index],
  }),
};
