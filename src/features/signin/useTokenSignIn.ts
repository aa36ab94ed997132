import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Identity } from '../../contract';
import { isApiError } from '../../lib/api/ApiError';
import { exchangeShareToken } from '../../lib/api/mutations';
import { meQuery } from '../../lib/api/queries';
import { dropFragment, readFragmentToken } from '../../lib/fragment';

export type SignInState = 'none' | 'working' | 'done' | 'invalid' | 'failed';

/**
 * Opening `/signin#token=<jwt>` (what `npm run token -- --link` prints, for deployments with
 * their own secret or identity provider): the token is traded for the session cookie at
 * `POST /auth/session` and taken out of the address bar. Run as a query keyed by the token, so
 * React's double mount never sends it twice.
 */
export function useTokenSignIn(): SignInState {
  const [token] = useState(() => readFragmentToken(window.location.hash, 'token'));
  const client = useQueryClient();
  const exchange = useQuery({
    queryKey: ['signin-exchange', token],
    enabled: token !== null,
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    queryFn: async (): Promise<Identity> => {
      if (token === null) throw new Error('no token');
      try {
        const identity = await exchangeShareToken(token);
        // Whatever was fetched before signing in (401s) belongs to nobody now.
        client.removeQueries({ predicate: (query) => query.queryKey[0] !== 'signin-exchange' });
        client.setQueryData(meQuery().queryKey, identity);
        dropFragment();
        return identity;
      } catch (error) {
        // A refused token will not get better; a network failure might, so keep it for a reload.
        if (isApiError(error) && (error.status === 401 || error.status === 400)) dropFragment();
        throw error;
      }
    },
  });

  if (token === null) return 'none';
  if (exchange.isSuccess) return 'done';
  if (exchange.isError) {
    const status = isApiError(exchange.error) ? exchange.error.status : 0;
    return status === 401 || status === 400 ? 'invalid' : 'failed';
  }
  return 'working';
}
