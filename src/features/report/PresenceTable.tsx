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
      <table className="dense presence-table">
        <caption id="presence-caption">Presence per participant, in seconds</caption>
        <thead>
          <tr>
            <th scope="col">Participant</th>
            <th scope="col">Present during</th>
            <th scope="col">Present (s)</th>
            <th scope="col">While recording (s)</th>
            <th scope="col">While transcribing (s)</th>
          </tr>
        </thead>
        <tbody>
          {report.participants.length === 0 ? (
            <tr>
              <td colSpan={5}>No participants were seen in this call.</td>
            </tr>
          ) : (
            report.participants.map((participant) => (
              <tr key={participant.participantId}>
                <th scope="row" className="id-cell" title={participant.participantId}>
                  {participant.name ?? participant.participantId}
                </th>
                <td className="intervals">
                  {participant.intervals.map((interval, i) => (
                    <span key={interval.from}>
                      {i > 0 && ', '}
                      <IntervalText interval={interval} />
                    </span>
                  ))}
                </td>
                <td className="num">{seconds(participant.presentSec)}</td>
                <td className="num">{seconds(participant.presentWhileRecordingSec)}</td>
                <td className="num">{seconds(participant.presentWhileTranscribingSec)}</td>
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
