import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, NavLink } from 'react-router-dom';
import { signOut } from '../lib/api/mutations';
import { meQuery } from '../lib/api/queries';
import type { Identity } from '../contract/dashboard';

/** The identity provider's display name; else the subject (a participant's link has no person to name). */
const who = (me: Identity) => me.name ?? (me.role === 'participant' ? 'guest (catch-up link)' : me.sub);

/** The thin bar on every signed-in page: name (home), the moderators' Calls, Alerts and Audit pages, who is signed in, and sign-out. */
export function TopBar({ children }: { children?: ReactNode }) {
  const me = useQuery(meQuery());
  const leave = async () => {
    // Even if the server cannot be reached, leave: the page must not look signed in.
    const endSessionUrl = await signOut().catch(() => null);
    // A full load drops every cached answer along with the session; the IdP's end-session page
    // (when signed in through one) ends that session too and comes back to /signin.
    window.location.assign(endSessionUrl ?? '/signin');
  };
  return (
    <header className="topbar">
      <Link to="/" className="brand">
        roomwatch
      </Link>
      <nav className="topbar-extra" aria-label="Pages">
        {me.data?.role === 'moderator' && (
          <>
            <NavLink to="/calls" end>
              Calls
            </NavLink>
            <NavLink to="/alerts" end>
              Alerts
            </NavLink>
            <NavLink to="/assurance" end>
              Assurance
            </NavLink>
            <NavLink to="/audit" end>
              Audit
            </NavLink>
          </>
        )}
        {children}
      </nav>
      {me.data && (
        // A shared screen or a second account in another tab: say whose session this is.
        <span className="topbar-who" title={`Signed in as ${who(me.data)}`}>
          <span className="visually-hidden">Signed in as </span>
          {who(me.data)}
        </span>
      )}
      <button type="button" className="link-button" onClick={() => void leave()}>
        Sign out
      </button>
    </header>
  );
}
