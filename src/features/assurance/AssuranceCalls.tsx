import { Link } from 'react-router-dom';
import { LongId } from '../../components/LongId';
import type { AssuranceCallRow } from '../../contract/assurance';
import { duration, when } from '../../lib/time';
import { percent, VERDICT_LABEL } from '../../lib/assuranceText';

/** The period's calls, worst first, each linking to its report. */
export function AssuranceCalls({ calls, labelOf, policyName }: { calls: AssuranceCallRow[]; labelOf(id: string): string; policyName(id: string): string }) {
  return (
    <div className="table-wrap" tabIndex={0} role="group" aria-labelledby="calls-title">
      <table className="dense assurance-calls stack" role="table">
        <caption className="visually-hidden">Calls, worst first</caption>
        {/* Explicit roles: on a phone the rows are shown as cards (styles.css, table.stack) and stay a table to screen readers. */}
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">Call</th>
            <th scope="col" role="columnheader">Verdict</th>
            <th scope="col" role="columnheader">Coverage</th>
            <th scope="col" role="columnheader">Unrecorded</th>
            <th scope="col" role="columnheader">Unverified</th>
            <th scope="col" role="columnheader">Started</th>
            <th scope="col" role="columnheader">Policy</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {calls.map((call) => (
            <tr key={`${call.provider}:${call.callId}`} data-testid="assurance-call" role="row">
              <th scope="row" role="rowheader" className="id-cell">
                <Link to={`/calls/${encodeURIComponent(call.provider)}/${encodeURIComponent(call.callId)}/report`}>
                  <LongId id={call.callId} />
                </Link>{' '}
                <span className="muted">{labelOf(call.provider)}</span>
              </th>
              <td role="cell" data-label="Verdict">
                <span className={`verdict verdict-${call.verdict}`}>{VERDICT_LABEL[call.verdict]}</span>
              </td>
              <td role="cell" data-label="Coverage">{percent(call.coverage)}</td>
              <td role="cell" data-label="Unrecorded">{duration(call.unrecordedSec)}</td>
              <td role="cell" data-label="Unverified">{duration(call.unverifiedSec)}</td>
              <td role="cell" data-label="Started">{call.startedAt ? when(call.startedAt) : '—'}</td>
              <td role="cell" data-label="Policy">{call.policyId ? policyName(call.policyId) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
