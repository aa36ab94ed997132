import { useQuery } from '@tanstack/react-query';
import type { ProviderId, ProviderInfo } from '../../contract';
import { providersQuery } from './queries';

/**
 * One provider's labels and capabilities, selected from the (cached, fetched once) provider
 * list. `data` is undefined while loading and null when this server does not serve `id`.
 */
export function useProviderInfo(id: ProviderId) {
  return useQuery({
    ...providersQuery(),
    select: (list: ProviderInfo[]) => list.find((provider) => provider.id === id) ?? null,
  });
}
