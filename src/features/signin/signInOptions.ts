import { queryOptions } from '@tanstack/react-query';
import { signInOptionsSchema } from '../../contract';
import { requestData } from '../../lib/api/request';

/**
 * `GET /auth/sign-in-options`: whether to offer "Sign in with <IdP>" (and whether the IdP can be
 * reached now). Asked when the sign-in page opens; not retried, the page works without it.
 */
export function signInOptionsQuery() {
  return queryOptions({
    queryKey: ['sign-in-options'],
    queryFn: ({ signal }) => requestData('/auth/sign-in-options', signInOptionsSchema, { signal }),
    staleTime: 10_000,
    retry: false,
  });
}

/** Where the IdP button goes: the BFF's login, back to `returnTo` (a same-site path) afterwards. */
export function loginHref(returnTo: string | null): string {
  return returnTo && returnTo.startsWith('/') && !returnTo.startsWith('//') ? `/auth/login?returnTo=${encodeURIComponent(returnTo)}` : '/auth/login';
}
