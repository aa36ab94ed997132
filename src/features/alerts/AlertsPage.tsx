import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { OpenAlertsBanner } from '../../components/OpenAlertsBanner';
import { QueryProblem } from '../../components/QueryProblem';
import { TopBar } from '../../components/TopBar';
import { alertsQuery } from '../../lib/api/alerts';
import { meQuery } from '../../lib/api/queries';
import { AlertList } from './AlertList';
import { RulesEditor } from './RulesEditor';

/** `/alerts` (moderators): open and resolved alerts with their deliveries, and the rules. */
export function AlertsPage() {
  const me = useQuery(meQuery());
  const moderator = me.data?.role === 'moderator';
  const alerts = useQuery({ ...alertsQuery('all'), enabled: moderator });
  useEffect(() => {
    document.title = 'Alerts · roomwatch';
  }, []);

  if (me.data && !moderator) {
    return (
      <main className="page page-narrow">
        <h1>Alerts are for moderators</h1>
        <p>
          <Link to="/">Back to your rooms</Link>
        </p>
      </main>
    );
  }
  const open = alerts.data?.filter((a) => a.resolvedAt === null) ?? [];
  const resolved = alerts.data?.filter((a) => a.resolvedAt !== null) ?? [];
  return (
    <>
      <TopBar />
      <main className="page alerts-page" aria-labelledby="alerts-title">
        <div className="page-head">
          <h1 id="alerts-title">Alerts</h1>
        </div>
        <OpenAlertsBanner listed={false} />
        {alerts.isError && <QueryProblem error={alerts.error} what="alerts" />}
        <section aria-labelledby="open-title">
          <h2 id="open-title">Open</h2>
          {alerts.data ? <AlertList alerts={open} empty="No open alerts." /> : <p className="muted">Loading…</p>}
        </section>
        <section aria-labelledby="rules-title">
          <h2 id="rules-title">Rules</h2>
          <RulesEditor />
        </section>
        <section aria-labelledby="resolved-title">
          <h2 id="resolved-title">Resolved</h2>
          {alerts.data && <AlertList alerts={resolved} empty="No resolved alerts yet." />}
        </section>
      </main>
    </>
  );
}
