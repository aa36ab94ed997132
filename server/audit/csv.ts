import type { AuditEntry } from '../../src/contract/audit';
import { csvCell } from '../history/reportCsv';

export const AUDIT_CSV_HEADER = ['at', 'actor_sub', 'actor_name', 'action', 'target_type', 'target_id', 'details'] as const;

/** One CSV row per entry (details as JSON), formula-safe cells, CRLF line ends, a header row. */
export function auditCsvRows(entries: readonly AuditEntry[]): string {
  return entries
    .map((e) => [e.at, e.actor.sub, e.actor.name, e.action, e.target.type, e.target.id, JSON.stringify(e.details)].map(csvCell).join(','))
    .map((row) => `${row}\r\n`)
    .join('');
}

export const auditCsvHeader = (): string => `${AUDIT_CSV_HEADER.join(',')}\r\n`;
