import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Identity } from '../../contract';
import { readFragmentToken } from '../../lib/fragment';
import { ONCE, tokenLinkState, tradeLinkToken, type TokenLinkState } from '../../lib/tokenLink';

/**
 * Opening `/signin#token=<jwt>` (what `npm run token -- --link` prints, for deployments with
 * their own secret or identity provider): the token is traded for the session cookie. Run as a
 * query keyed by the token, so React's double mount never sends it twice.
 */
export function useTokenSignIn(): TokenLinkState {
  const [token] = useState(() => readFragmentToken(window.location.hash, 'token'));
  const client = useQueryClient();
  const exchange = useQuery({
    queryKey: ['signin-exchange', token],
    enabled: token !== null,
    ...ONCE,
    queryFn: async (): Promise<Identity> => {
      if (token === null) throw new Error('no token');
      // Whatever was fetched before signing in (401s) belongs to nobody now.
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== 'signin-exchange' });
      return tradeLinkToken(client, token);
    },
  });
  return tokenLinkState(token, exchange);
}
