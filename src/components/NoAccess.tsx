import { Link } from 'react-router-dom';

export function NoAccess() {
  return (
    <main className="page page-narrow" aria-labelledby="no-access-title">
      <h1 id="no-access-title">You don't have access to this room</h1>
      <p>Your sign-in does not include this room. Ask the room's moderator for a catch-up link to it.</p>
      <p>
        <Link to="/">Back to your rooms</Link>
      </p>
    </main>
  );
}
