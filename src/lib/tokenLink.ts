import { useMutation, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
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

/**
 * Runs a link's token exchange once per mounted page: a mutation (it is a POST that sets a
 * cookie, not a read) fired from an effect. The ref keeps React's development double mount, and
 * any re-render, from sending the token twice.
 */
export function useTokenLinkExchange(token: string | null, exchange: (token: string) => Promise<Identity>): TokenLinkState {
  const mutation = useMutation({ mutationFn: exchange, retry: false });
  const { mutate } = mutation;
  const fired = useRef(false);
  useEffect(() => {
    if (token === null || fired.current) return;
    fired.current = true;
    mutate(token);
  }, [token, mutate]);
  return tokenLinkState(token, mutation);
}
