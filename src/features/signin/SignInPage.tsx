import { useQuery } from '@tanstack/react-query';
import { Navigate, useSearchParams } from 'react-router-dom';
import { loginHref, signInOptionsQuery } from './signInOptions';
import { useTokenSignIn } from './useTokenSignIn';

const REASONS: Record<string, string> = {
  link: 'That sign-in link has already been used or is not valid.',
  token: 'That sign-in link has expired or is not valid.',
  session: 'Your session has ended or you are not signed in.',
};

/** Where a 401 lands: explains the two ways in, since there is no password form. */
export function SignInPage() {
  const [params] = useSearchParams();
  const signIn = useTokenSignIn();
  const options = useQuery(signInOptionsQuery());
  const idp = options.data?.oidc ?? null;
  if (signIn === 'done') return <Navigate to="/" replace />;
  if (signIn === 'working') {
    return (
      <main className="page page-narrow" aria-labelledby="signin-title" aria-busy="true">
        <h1 id="signin-title">Signing you in…</h1>
      </main>
    );
  }
  const reason =
    signIn === 'invalid'
      ? REASONS.token
      : signIn === 'failed'
        ? 'roomwatch could not be reached to sign you in. Reload the page to try again.'
        : REASONS[params.get('reason') ?? ''];
  return (
    <main className="page page-narrow" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in to roomwatch</h1>
      {reason && (
        <p className="banner banner-warning" role="alert">
          {reason}
        </p>
      )}
      {idp && (
        <section className="signin-idp" aria-label="Sign in with your organisation's account">
          {idp.available ? (
            <p>
              <a className="button" href={loginHref(params.get('returnTo'))}>
                Sign in with {idp.displayName}
              </a>
            </p>
          ) : (
            <p className="banner banner-warning" role="alert">
              The identity provider ({idp.displayName}) cannot be reached right now, so nobody can sign in with it. If you
              were signed in, your session still works. Reload the page in a minute to try again.
            </p>
          )}
          <p>Latecomers: ask the room's moderator for a catch-up link. It opens that room's summary directly.</p>
        </section>
      )}
      {!idp && <p>roomwatch has no password form. There are two ways in:</p>}
      {!idp && <ul className="plain-steps">
        <li>
          <strong>Moderators</strong>: open the sign-in link that <code>npm start</code> printed in its terminal
          (<code>http://…/auth/…</code>). Each link works once; restart the server for a new one. In a
          deployment with its own secret, an operator prints a link with{' '}
          <code>npm run -s token -- --role moderator --link</code>.
        </li>
        <li>
          <strong>Latecomers</strong>: ask the room's moderator for a catch-up link. It opens that room's summary directly.
        </li>
      </ul>}
    </main>
  );
}
