import type { CallReport, Interval } from '../../src/contract/history';
import { overlapSeconds, spanSeconds } from './fold';

const HEADER = [
  'participantId',
  'name',
  'from',
  'to',
  'presentSec',
  'whileRecordingSec',
  'whileTranscribingSec',
] as const;

/**
 * One CSV cell: RFC 4180 quoting, and a leading `'` on text a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`, and tab or CR, which some spreadsheets strip before looking).
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

/**
 * The report as CSV, one row per participant interval with the seconds of it during which
 * recording and transcription ran (open intervals count up to `now`, their `to` is empty).
 * CRLF line ends, a header row.
 */
export function reportCsv(report: CallReport, now: number): string {
  const rows: string[] = [HEADER.join(',')];
  for (const participant of report.participants) {
    for (const interval of participant.intervals) {
      const one: Interval[] = [interval];
      const cells = [
        participant.participantId,
        participant.name,
        interval.from,
        interval.to,
        round(spanSeconds(one, now)),
        round(overlapSeconds(one, report.recording, now)),
        round(overlapSeconds(one, report.transcription, now)),
      ];
      rows.push(cells.map(csvCell).join(','));
    }
  }
  return `${rows.join('\r\n')}\r\n`;
}
