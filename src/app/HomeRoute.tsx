import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router-dom';
import { QueryProblem } from '../components/QueryProblem';
import { OverviewPage } from '../features/overview/OverviewPage';
import { parseRoomRef } from '../contract';
import { meQuery, providersQuery } from '../lib/api/queries';
import { catchUpPath } from '../lib/rooms';

/** `/`: moderators get the overview; a participant goes straight to its own room's catch-up page. */
export function HomeRoute() {
  const me = useQuery(meQuery());
  // A participant's room may be `provider:callId`; the prefix is a provider only if this server serves it.
  const providerIds = useQuery({
    ...providersQuery(),
    select: (list) => list.map((provider) => provider.id),
    enabled: me.data?.role === 'participant',
  });
  if (me.isError) return <QueryProblem error={me.error} what="session" />;
  if (!me.data) {
    // me retries by itself (see queries.ts); say so rather than look stuck.
    return me.failureCount > 0 ? (
      <p className="page" role="alert">
        The server is not answering; trying again…
      </p>
    ) : (
      <p className="page muted">Loading…</p>
    );
  }
  if (me.data.role === 'participant') {
    if (providerIds.isError) return <QueryProblem error={providerIds.error} what="provider list" />;
    if (!providerIds.data) return <p className="page muted">Loading…</p>;
    const room = me.data.rooms?.[0] ? parseRoomRef(me.data.rooms[0], providerIds.data) : null;
    if (room) return <Navigate to={catchUpPath(room)} replace />;
    return (
      <main className="page page-narrow">
        <h1>No room on this link</h1>
        <p>Your sign-in does not name a room. Ask the moderator for a new catch-up link.</p>
      </main>
    );
  }
  return <OverviewPage />;
}
