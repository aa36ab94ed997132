import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router-dom';
import { QueryProblem } from '../components/QueryProblem';
import { OverviewPage } from '../features/overview/OverviewPage';
import { meQuery } from '../lib/api/queries';
import { catchUpPath, parseRoomRef } from '../lib/rooms';

/** `/`: moderators get the overview; a participant goes straight to its own room's catch-up page. */
export function HomeRoute() {
  const me = useQuery(meQuery());
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
    const room = me.data.rooms?.[0] ? parseRoomRef(me.data.rooms[0]) : null;
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
