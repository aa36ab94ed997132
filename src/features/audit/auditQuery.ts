import { infiniteQueryOptions } from '@tanstack/react-query';
import { auditPageSchema, type AuditAction } from '../../contract';
import { requestData } from '../../lib/api/request';

export interface AuditFilter {
  actor: string;
  action: AuditAction | null;
}

const PAGE_SIZE = 50;

function filterParams(filter: AuditFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.actor) params.set('actor', filter.actor);
  if (filter.action) params.set('action', filter.action);
  return params;
}

/** `GET /api/audit`: newest first, a page at a time ("Load more" asks for the next). */
export function auditQuery(filter: AuditFilter) {
  return infiniteQueryOptions({
    queryKey: ['audit', filter],
    queryFn: ({ pageParam, signal }) => {
      const params = filterParams(filter);
      params.set('limit', String(PAGE_SIZE));
      if (pageParam) params.set('cursor', pageParam);
      return requestData(`/api/audit?${params.toString()}`, auditPageSchema, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 10_000,
  });
}

/** The CSV export of what the filters show (every page, not only the loaded ones). */
export function auditCsvHref(filter: AuditFilter): string {
  const query = filterParams(filter).toString();
  return `/api/audit.csv${query ? `?${query}` : ''}`;
}
