import { Link } from 'react-router-dom';
import { LongId } from '../../components/LongId';
import type { AssuranceCallRow } from '../../contract/assurance';
import { duration, when } from '../../lib/time';
import { percent, VERDICT_LABEL } from '../../lib/assuranceText';

/** The period's calls, worst first, each linking to its report. */
export function AssuranceCalls({ calls, labelOf, policyName }: { calls: AssuranceCallRow[]; labelOf(id: string): string; policyName(id: string): string }) {
  return (
    <div className="table-wrap" tabIndex={0} role="group" aria-labelledby="calls-title">
      <table className="dense assurance-calls">
        <caption className="visually-hidden">Calls, worst first</caption>
        <thead>
          <tr>
            <th scope="col">Call</th>
            <th scope="col">Verdict</th>
            <th scope="col">Coverage</th>
            <th scope="col">Unrecorded</th>
            <th scope="col">Unverified</th>
            <th scope="col">Started</th>
            <th scope="col">Policy</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((call) => (
            <tr key={`${call.provider}:${call.callId}`} data-testid="assurance-call">
              <th scope="row">
                <Link to={`/calls/${encodeURIComponent(call.provider)}/${encodeURIComponent(call.callId)}/report`}>
                  <LongId id={call.callId} />
                </Link>{' '}
                <span className="muted">{labelOf(call.provider)}</span>
              </th>
              <td>
                <span className={`verdict verdict-${call.verdict}`}>{VERDICT_LABEL[call.verdict]}</span>
              </td>
              <td>{percent(call.coverage)}</td>
              <td>{duration(call.unrecordedSec)}</td>
              <td>{duration(call.unverifiedSec)}</td>
              <td>{call.startedAt ? when(call.startedAt) : '—'}</td>
              <td>{call.policyId ? policyName(call.policyId) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
