import type { QueryClient } from '@tanstack/react-query';
import type { Identity } from '../contract';
import { isApiError } from './api/ApiError';
import { exchangeShareToken } from './api/mutations';
import { meQuery } from './api/queries';
import { dropFragment } from './fragment';

/** Where opening a link that carries a token stands. */
export type TokenLinkState = 'none' | 'working' | 'done' | 'invalid' | 'failed';

/**
 * Trades a link's token for the session cookie (`POST /auth/session`), records who that makes
 * us, and takes the token out of the address bar. A refused token is dropped too (it will not
 * get better); after a network failure it stays, so a reload can try again.
 */
export async function tradeLinkToken(client: QueryClient, token: string): Promise<Identity> {
  try {
    const identity = await exchangeShareToken(token);
    client.setQueryData(meQuery().queryKey, identity);
    dropFragment();
    return identity;
  } catch (error) {
    if (isApiError(error) && (error.status === 401 || error.status === 400)) dropFragment();
    throw error;
  }
}

/** The state of a token link's exchange, from the query that runs it. */
export function tokenLinkState(token: string | null, exchange: { isSuccess: boolean; isError: boolean; error: unknown }): TokenLinkState {
  if (token === null) return 'none';
  if (exchange.isSuccess) return 'done';
  if (exchange.isError) {
    const status = isApiError(exchange.error) ? exchange.error.status : 0;
    return status === 401 || status === 400 ? 'invalid' : 'failed';
  }
  return 'working';
}

/** Query options shared by token-link exchanges: run once per token, never again by themselves. */
export const ONCE = {
  staleTime: Infinity,
  gcTime: Infinity,
  retry: false,
  refetchOnWindowFocus: false,
  refetchOnReconnect: false,
} as const;
