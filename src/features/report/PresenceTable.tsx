import type { CallReport, Interval } from '../../contract';
import { clock } from '../../lib/time';

/** Whole seconds, as the CSV export gives them (rounded, not cut). */
export function seconds(value: number): string {
  return String(Math.round(value));
}

function IntervalText({ interval }: { interval: Interval }) {
  return (
    <>
      <time dateTime={interval.from}>{clock(interval.from)}</time>–
      {interval.to === null ? 'now' : <time dateTime={interval.to}>{clock(interval.to)}</time>}
    </>
  );
}

/** The chart's facts as a real table: what screen readers and keyboard users get instead of the drawing. */
export function PresenceTable({ report }: { report: CallReport }) {
  return (
    <div className="table-wrap" id="presence-table" tabIndex={0} role="group" aria-labelledby="presence-caption">
      <table className="dense presence-table stack" role="table" aria-labelledby="presence-caption">
        <caption id="presence-caption">Presence per participant, in seconds</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">Participant</th>
            <th scope="col" role="columnheader">Present during</th>
            <th scope="col" role="columnheader">Present (s)</th>
            <th scope="col" role="columnheader">While recording (s)</th>
            <th scope="col" role="columnheader">While transcribing (s)</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {report.participants.length === 0 ? (
            <tr role="row">
              <td role="cell" colSpan={5}>No participants were seen in this call.</td>
            </tr>
          ) : (
            report.participants.map((participant) => (
              <tr key={participant.participantId} role="row">
                <th scope="row" role="rowheader" className="id-cell" title={participant.participantId}>
                  {participant.name ?? participant.participantId}
                </th>
                <td role="cell" className="intervals" data-label="Present during">
                  {participant.intervals.map((interval, i) => (
                    <span key={interval.from}>
                      {i > 0 && ', '}
                      <IntervalText interval={interval} />
                    </span>
                  ))}
                </td>
                <td role="cell" className="num" data-label="Present (s)">{seconds(participant.presentSec)}</td>
                <td role="cell" className="num" data-label="While recording (s)">{seconds(participant.presentWhileRecordingSec)}</td>
                <td role="cell" className="num" data-label="While transcribing (s)">{seconds(participant.presentWhileTranscribingSec)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/** "14:00:10–14:05:00, 14:07:00–now", or "never". */
export function IntervalList({ intervals }: { intervals: Interval[] }) {
  if (intervals.length === 0) return <>never</>;
  return intervals.map((interval, i) => (
    <span key={interval.from}>
      {i > 0 && ', '}
      <IntervalText interval={interval} />
    </span>
  ));
}
