import {
  ASSURANCE_CSV_COLUMNS,
  VERDICT_ORDER,
  type AssuranceCallRow,
  type AssuranceDay,
  type AssurancePeriod,
  type AssuranceTotals,
  type CallAssurance,
} from '../../src/contract/assurance';
import { csvCell } from '../history/reportCsv';

/** One call of a period with the sums its totals need beyond what the row shows. */
export interface AssessedCall {
  row: AssuranceCallRow;
  assurance: Pick<CallAssurance, 'occupiedSec' | 'recordedSec' | 'unrecordedSec' | 'unverifiedSec'>;
}

/** Worst first: verdict, then coverage ascending (none first), then unrecordedSec descending; ties by provider and call id. */
export function worstFirst(a: AssuranceCallRow, b: AssuranceCallRow): number {
  const verdict = VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict);
  if (verdict !== 0) return verdict;
  const coverage = (a.coverage ?? -1) - (b.coverage ?? -1);
  if (coverage !== 0) return coverage;
  const unrecorded = b.unrecordedSec - a.unrecordedSec;
  if (unrecorded !== 0) return unrecorded;
  return a.provider.localeCompare(b.provider) || (a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0);
}

/** Totals over governed calls only; `violations` counts calls whose verdict is `violation`. */
export function periodTotals(calls: readonly AssessedCall[]): AssuranceTotals {
  const governed = calls.filter((c) => c.row.policyId !== null);
  // Sums in whole milliseconds, so the totals are exact sums of the rows.
  const sum = (pick: (a: AssessedCall['assurance']) => number) => governed.reduce((ms, c) => ms + Math.round(pick(c.assurance) * 1000), 0);
  const occupied = sum((a) => a.occupiedSec);
  const recorded = sum((a) => a.recordedSec);
  return {
    calls: governed.length,
    occupiedSec: occupied / 1000,
    recordedSec: recorded / 1000,
    unrecordedSec: sum((a) => a.unrecordedSec) / 1000,
    unverifiedSec: sum((a) => a.unverifiedSec) / 1000,
    coverage: occupied > 0 ? recorded / occupied : null,
    violations: governed.filter((c) => c.row.verdict === 'violation').length,
  };
}

/** Governed calls per UTC day of their start, oldest day first. */
export function periodDays(calls: readonly AssessedCall[]): AssuranceDay[] {
  const byDay = new Map<string, AssessedCall[]>();
  for (const c of calls) {
    if (c.row.policyId === null || c.row.startedAt === null) continue;
    const date = c.row.startedAt.slice(0, 10);
    byDay.set(date, [...(byDay.get(date) ?? []), c]);
  }
  return [...byDay.keys()].sort().map((date) => {
    const totals = periodTotals(byDay.get(date) ?? []);
    return { date, calls: totals.calls, occupiedSec: totals.occupiedSec, recordedSec: totals.recordedSec, coverage: totals.coverage, violations: totals.violations };
  });
}

export function encodeOffset(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

/** The offset a cursor stands for, or null when it is not one this server made. */
export function decodeOffset(cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return null;
  try {
    const value = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown }).o;
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
  } catch {
    return null;
  }
}

/** Sorted, totalled and cut to one page. */
export function periodPage(calls: readonly AssessedCall[], offset: number, limit: number): AssurancePeriod {
  const rows = calls.map((c) => c.row).sort(worstFirst);
  const page = rows.slice(offset, offset + limit);
  return { totals: periodTotals(calls), days: periodDays(calls), calls: page, nextCursor: offset + limit < rows.length ? encodeOffset(offset + limit) : null };
}

/** One row per call, the call row's fields as columns in contract order. */
export function periodCsv(rows: readonly AssuranceCallRow[]): string {
  const lines = [ASSURANCE_CSV_COLUMNS.join(',')];
  for (const row of rows) lines.push(ASSURANCE_CSV_COLUMNS.map((column) => csvCell(row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
