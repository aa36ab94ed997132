import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { RoomRef } from '../contract';
import { alertsQuery } from '../lib/api/alerts';
import { meQuery } from '../lib/api/queries';
import { alertLine } from '../lib/alertText';
import { clockShort } from '../lib/time';
import { useOpenAlertsSignals } from './OpenAlertsSignals';

/**
 * Open alerts at the top of a page, for moderators: all of them on the overview, one room's on
 * the room page (`listed={false}` where the page lists them itself). Also puts `⚠` in the tab title and, once allowed, raises browser notifications.
 */
export function OpenAlertsBanner({ room, listed = true }: { room?: RoomRef; listed?: boolean }) {
  const me = useQuery(meQuery());
  const moderator = me.data?.role === 'moderator';
  const open = useQuery({ ...alertsQuery('open'), enabled: moderator });
  const all = open.data ?? [];
  const shown = room ? all.filter((a) => a.provider === room.provider && a.callId === room.callId) : all;
  const signals = useOpenAlertsSignals(moderator ? open.data : undefined);

  if (!moderator) return null;
  return (
    <section className="open-alerts" aria-label="Open alerts">
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {signals.announcement}
      </div>
      {listed && shown.length > 0 && (
        <div className="banner banner-alert">
          <span className="banner-icon" aria-hidden="true">
            ⚠
          </span>
          <div>
            <strong>
              {shown.length === 1 ? '1 open alert' : `${shown.length} open alerts`}
            </strong>
            <ul className="open-alerts-list">
              {shown.map((alert) => (
                <li key={alert.id}>
                  {room ? alertLine(alert) : <Link to={`/rooms/${encodeURIComponent(alert.provider)}/${encodeURIComponent(alert.callId)}`}>{alertLine(alert)}</Link>}
                  <span className="muted"> since {clockShort(alert.openedAt)}</span>
                </li>
              ))}
            </ul>
            <Link to="/alerts">All alerts</Link>
          </div>
        </div>
      )}
      {signals.canAsk && (
        <button type="button" className="link-button" onClick={signals.ask}>
          Notify me of new alerts in this browser
        </button>
      )}
    </section>
  );
}
