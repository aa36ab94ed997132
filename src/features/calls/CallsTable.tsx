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
      <table className="dense calls-table">
        <thead>
          <tr>
            <th scope="col">Vendor</th>
            <th scope="col">Call</th>
            <th scope="col">State</th>
            <th scope="col">Started</th>
            <th scope="col">Duration</th>
            <th scope="col">Peak people</th>
            <th scope="col">Recorded</th>
            <th scope="col">Transcribed</th>
            <th scope="col">Report</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((call) => {
            const room = { provider: call.provider, callId: call.callId };
            return (
              <tr key={`${call.provider}:${call.callId}`}>
                <td>{labelOf(call)}</td>
                <th scope="row" className="id-cell">
                  <Link to={roomPath(room)}>
                    <LongId id={call.callId} />
                  </Link>
                </th>
                <td>
                  <StateBadge state={call.state} />
                </td>
                <td>
                  <Started call={call} />
                </td>
                <td>{call.durationSec === null ? '—' : duration(call.durationSec)}</td>
                <td>{call.peakParticipants ?? '—'}</td>
                <td>{duration(call.recordedSec)}</td>
                <td>{duration(call.transcribedSec)}</td>
                <td>
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
