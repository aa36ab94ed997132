import { Link } from 'react-router-dom';
import { LongId } from '../../components/LongId';
import { StateBadge } from '../../components/StateBadge';
import type { CallRecord } from '../../contract';
import { reportPath, roomPath } from '../../lib/rooms';
import { duration, when } from '../../lib/time';

function Started({ call }: { call: CallRecord }) {
  if (call.startedAt) return <time dateTime={call.startedAt}>{when(call.startedAt)}</time>;
  // The vendor gave no start: say from when roomwatch knows the call instead of pretending.
  return (
    <span className="muted">
      seen from <time dateTime={call.watchedSince}>{when(call.watchedSince)}</time>
    </span>
  );
}

export function CallsTable({ calls, labelOf }: { calls: CallRecord[]; labelOf: (call: CallRecord) => string }) {
  return (
    <div className="table-wrap" tabIndex={0} role="group" aria-labelledby="calls-title">
      <table className="dense calls-table stack" role="table">
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">Vendor</th>
            <th scope="col" role="columnheader">Call</th>
            <th scope="col" role="columnheader">State</th>
            <th scope="col" role="columnheader">Started</th>
            <th scope="col" role="columnheader">Duration</th>
            <th scope="col" role="columnheader">Peak people</th>
            <th scope="col" role="columnheader">Recorded</th>
            <th scope="col" role="columnheader">Transcribed</th>
            <th scope="col" role="columnheader">Report</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {calls.map((call) => {
            const room = { provider: call.provider, callId: call.callId };
            return (
              <tr key={`${call.provider}:${call.callId}`} role="row">
                <td role="cell" data-label="Vendor">
                  {labelOf(call)}
                </td>
                <th scope="row" role="rowheader" className="id-cell">
                  <Link to={roomPath(room)}>
                    <LongId id={call.callId} />
                  </Link>
                </th>
                <td role="cell" data-label="State">
                  <StateBadge state={call.state} />
                </td>
                <td role="cell" data-label="Started">
                  <Started call={call} />
                </td>
                <td role="cell" data-label="Duration">{call.durationSec === null ? '—' : duration(call.durationSec)}</td>
                <td role="cell" data-label="Peak people">{call.peakParticipants ?? '—'}</td>
                <td role="cell" data-label="Recorded">{duration(call.recordedSec)}</td>
                <td role="cell" data-label="Transcribed">{duration(call.transcribedSec)}</td>
                <td role="cell">
                  <Link to={reportPath(room)} aria-label={`Report of ${call.callId}`}>
                    Report
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
