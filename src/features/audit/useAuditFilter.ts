import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { auditActionSchema, type AuditAction } from '../../contract';
import type { AuditFilter } from './auditQuery';

/**
 * The Audit page's filters live in the address (`/audit?actor=alice&action=share_link.created`),
 * so a filtered view is a link. Values that do not parse are ignored, not trusted.
 */
export function useAuditFilter() {
  const [params, setParams] = useSearchParams();
  const action = auditActionSchema.safeParse(params.get('action'));
  const actor = (params.get('actor') ?? '').trim().slice(0, 256);
  const filter: AuditFilter = useMemo(() => ({ actor, action: action.success ? action.data : null }), [actor, action.success, action.data]);

  const update = useCallback(
    (change: { actor?: string; action?: AuditAction | null }) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(change)) {
            if (value === null || value === '') next.delete(key);
            else if (value !== undefined) next.set(key, value);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return { filter, update };
}
