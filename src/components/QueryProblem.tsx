import { Navigate } from 'react-router-dom';
import { isApiError } from '../lib/api/ApiError';
import { NoAccess } from './NoAccess';

/**
 * The page-level answer to a query that failed with nothing to show: 401 goes to the sign-in
 * page, 403 says so plainly, anything else explains and says we keep trying.
 */
export function QueryProblem({ error, what }: { error: unknown; what: string }) {
  if (isApiError(error) && error.status === 401) return <Navigate to="/signin?reason=session" replace />;
  if (isApiError(error) && error.status === 403) return <NoAccess />;
  if (isApiError(error) && error.status === 404) {
    return (
      <main className="page page-narrow">
        <h1>Not found</h1>
        <p>There is no {what} here. Check the name, or go back to the overview.</p>
      </main>
    );
  }
  return (
    <main className="page page-narrow">
      <h1>Cannot load {what}</h1>
      <p role="alert">
        {isApiError(error) && error.isNetwork ? 'The server is not answering.' : 'The server could not answer.'} Retrying on
        its own.
      </p>
    </main>
  );
}

/** 401 and 403 are answers about the session, not the data: they replace the page even when old data exists. */
export function isSessionProblem(error: unknown): boolean {
  return isApiError(error) && (error.status === 401 || error.status === 403);
}
