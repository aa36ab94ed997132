import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

/** The thin bar on every signed-in page: name (home) and sign-out. */
export function TopBar({ children }: { children?: ReactNode }) {
  const signOut = async () => {
    await fetch('/auth/sign-out', { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
    // A full load drops every cached answer along with the session.
    window.location.assign('/signin');
  };
  return (
    <header className="topbar">
      <Link to="/" className="brand">
        roomwatch
      </Link>
      <div className="topbar-extra">{children}</div>
      <button type="button" className="link-button" onClick={() => void signOut()}>
        Sign out
      </button>
    </header>
  );
}
