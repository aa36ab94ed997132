import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Identity } from '../../contract';
import { isApiError } from '../../lib/api/ApiError';
import { exchangeShareToken } from '../../lib/api/mutations';
import { meQuery } from '../../lib/api/queries';
import { canRead, type RoomKey } from '../../lib/rooms';
import { dropFragment, readFragmentToken } from '../../lib/fragment';

export type ShareState = 'none' | 'working' | 'done' | 'invalid' | 'failed';

/**
 * Opening `/catch-up/...#share=<jwt>`: if the current session can already read this room the
 * token is not needed; otherwise it is traded for a session cookie (`POST /auth/session`).
 * Either way the fragment is removed. Run as a query keyed by the token, so React's double
 * mount in development and re-renders never send it twice.
 */
export function useShareExchange(room: RoomKey): ShareState {
  const [token] = useState(() => readFragmentToken(window.location.hash, 'share'));
  const client = useQueryClient();
  const exchange = useQuery({
    queryKey: ['share-exchange', token, room.provider, room.callId],
    enabled: token !== null,
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    queryFn: async (): Promise<Identity> => {
      if (token === null) throw new Error('no token');
      let me: Identity | null = null;
      try {
        me = await client.fetchQuery(meQuery());
      } catch (error) {
        // No session yet is the usual case for a latecomer; anything else is a real failure.
        if (!(isApiError(error) && error.status === 401)) throw error;
      }
      if (me && canRead(me, room)) {
        dropFragment();
        return me;
      }
      try {
        const identity = await exchangeShareToken(token);
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
