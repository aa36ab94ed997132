import type { Alert } from '../../contract';
import { alertWhat } from '../../lib/alertText';
import { clockShort } from '../../lib/time';

/** Alerts with their deliveries: what happened, where, when, and whether each webhook got it. */
export function AlertList({ alerts, empty }: { alerts: readonly Alert[]; empty: string }) {
  if (alerts.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="alert-list">
      {alerts.map((alert) => (
        <li key={alert.id} className="alert-item" data-state={alert.resolvedAt ? 'resolved' : 'open'}>
          <div className="alert-head">
            <span aria-hidden="true">{alert.resolvedAt ? '✓' : '⚠'}</span>
            <strong>{alertWhat(alert.kind)}</strong>
            <span className="alert-room">
              {alert.provider} · {alert.callId}
            </span>
          </div>
          <div className="muted alert-times">
            opened {clockShort(alert.openedAt)}
            {alert.resolvedAt ? ` · resolved ${clockShort(alert.resolvedAt)}` : ' · still open'}
          </div>
          {alert.deliveries.length > 0 && (
            <table className="deliveries">
              <caption className="visually-hidden">Webhook deliveries</caption>
              <thead>
                <tr>
                  <th scope="col">Delivery</th>
                  <th scope="col">Tries</th>
                  <th scope="col">Last answer</th>
                  <th scope="col">Delivered</th>
                </tr>
              </thead>
              <tbody>
                {alert.deliveries.map((delivery) => (
                  <tr key={delivery.channel}>
                    <td className="delivery-channel">{delivery.channel}</td>
                    <td data-label="Tries">{delivery.attempts}</td>
                    <td data-label="Last answer">{delivery.lastStatus ?? 'waiting'}</td>
                    <td data-label="Delivered">{delivery.deliveredAt ? clockShort(delivery.deliveredAt) : 'not yet'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </li>
      ))}
    </ul>
  );
}
