import type { Alert, AlertDelivery } from '../../src/contract/alerts';
import type { DeliveryRow, StoredAlert } from './store';
import { originOf } from './webhookUrl';

/** How a delivery is named to moderators: which message, and the receiver's origin only. */
export function deliveryChannel(row: Pick<DeliveryRow, 'event' | 'url'>): string {
  return `webhook ${originOf(row.url)} (${row.event === 'alert.opened' ? 'opened' : 'resolved'})`;
}

export function toPublicDelivery(row: DeliveryRow): AlertDelivery {
  return { channel: deliveryChannel(row), attempts: row.attempts, lastStatus: row.lastStatus, deliveredAt: row.deliveredAt };
}

export function toPublicAlert(alert: StoredAlert): Alert {
  return {
    id: alert.id,
    ruleId: alert.ruleId,
    provider: alert.provider,
    callId: alert.callId,
    kind: alert.kind,
    openedAt: alert.openedAt,
    resolvedAt: alert.resolvedAt,
    deliveries: alert.deliveries.map(toPublicDelivery),
  };
}
