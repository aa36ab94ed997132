import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { readFragmentToken } from '../../lib/fragment';
import { tradeLinkToken, useTokenLinkExchange, type TokenLinkState } from '../../lib/tokenLink';

/**
 * Opening `/signin#token=<jwt>` (what `npm run token -- --link` prints, for deployments with
 * their own secret or identity provider): the token is traded for the session cookie, once.
 */
export function useTokenSignIn(): TokenLinkState {
  const [token] = useState(() => readFragmentToken(window.location.hash, 'token'));
  const client = useQueryClient();
  return useTokenLinkExchange(token, (linkToken) => {
    // Whatever was fetched before signing in (401s) belongs to nobody now.
    client.removeQueries();
    return tradeLinkToken(client, linkToken);
  });
}
