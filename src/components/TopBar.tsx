import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, NavLink } from 'react-router-dom';
import { signOut } from '../lib/api/mutations';
import { meQuery } from '../lib/api/queries';

/** The thin bar on every signed-in page: name (home), the moderators' Calls, Alerts and Audit pages, and sign-out. */
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
      <button type="button" className="link-button" onClick={() => void leave()}>
        Sign out
      </button>
    </header>
  );
}
