import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { canReadRoom, type Identity, type RoomRef } from '../../contract';
import { isApiError } from '../../lib/api/ApiError';
import { meQuery } from '../../lib/api/queries';
import { dropFragment, readFragmentToken } from '../../lib/fragment';
import { tradeLinkToken, useTokenLinkExchange, type TokenLinkState } from '../../lib/tokenLink';

/**
 * Opening `/catch-up/...#share=<jwt>`: if the current session can already read this room the
 * token is not needed; otherwise it is traded for a session cookie (`POST /auth/session`).
 * Either way the fragment is removed.
 */
export function useShareExchange(room: RoomRef): TokenLinkState {
  const [token] = useState(() => readFragmentToken(window.location.hash, 'share'));
  const client = useQueryClient();
  return useTokenLinkExchange(token, async (shareToken): Promise<Identity> => {
    let me: Identity | null = null;
    try {
      me = await client.fetchQuery(meQuery());
    } catch (error) {
      // No session yet is the usual case for a latecomer; anything else is a real failure.
      if (!(isApiError(error) && error.status === 401)) throw error;
    }
    if (me && canReadRoom(me, room)) {
      dropFragment();
      return me;
    }
    return tradeLinkToken(client, shareToken);
  });
}
