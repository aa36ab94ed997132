import type { AuditEntry } from '../../contract';
import { when } from '../../lib/time';

/** What the table calls each action. */
export const ACTION_LABELS: Record<AuditEntry['action'], string> = {
  'auth.signed_in': 'Signed in',
  'auth.signed_out': 'Signed out',
  'share_link.created': 'Share link created',
  'share_link.revoked': 'Share link revoked',
  'alert_rule.created': 'Alert rule created',
  'alert_rule.updated': 'Alert rule changed',
  'alert_rule.deleted': 'Alert rule deleted',
  'alert_rule.tested': 'Alert rule tested',
  'recording_policy.created': 'Recording policy created',
  'recording_policy.updated': 'Recording policy changed',
  'recording_policy.deleted': 'Recording policy deleted',
};

function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <div className="table-wrap" tabIndex={0} role="group" aria-labelledby="audit-title">
      <table className="dense audit-table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Target</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>
                <time dateTime={entry.at}>{when(entry.at)}</time>
              </td>
              <th scope="row">
                {entry.actor.name}
                {entry.actor.name !== entry.actor.sub && <span className="muted"> ({entry.actor.sub})</span>}
              </th>
              <td>{ACTION_LABELS[entry.action]}</td>
              <td>
                <span className="muted">{entry.target.type}</span> {entry.target.id}
              </td>
              <td>{detailsText(entry.details)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
