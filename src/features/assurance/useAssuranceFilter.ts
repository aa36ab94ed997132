import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { verdictSchema } from '../../contract/assurance';
import type { AssuranceFilter } from '../../lib/api/assurance';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The last 30 days (UTC) unless the URL says otherwise. */
export function defaultRange(now: number): { from: string; to: string } {
  return { from: isoDay(now - 29 * 86_400_000), to: isoDay(now) };
}

/** Filters live in the URL (from, to, provider, policyId, verdict), so a view can be shared and reloaded. */
export function useAssuranceFilter(): { filter: AssuranceFilter; update(change: Partial<AssuranceFilter>): void } {
  const [params, setParams] = useSearchParams();
  // Read once: the default period must not move while the page is open.
  const [now] = useState(() => Date.now());
  const filter = useMemo<AssuranceFilter>(() => {
    const range = defaultRange(now);
    const from = params.get('from') ?? '';
    const to = params.get('to') ?? '';
    const verdict = verdictSchema.safeParse(params.get('verdict'));
    return {
      from: DAY.test(from) ? from : range.from,
      to: DAY.test(to) ? to : range.to,
      provider: params.get('provider') || null,
      policyId: params.get('policyId') || null,
      verdict: verdict.success ? verdict.data : null,
    };
  }, [params, now]);
  const update = useCallback(
    (change: Partial<AssuranceFilter>) => {
      const next = { ...filter, ...change };
      const out = new URLSearchParams();
      out.set('from', next.from);
      out.set('to', next.to);
      if (next.provider) out.set('provider', next.provider);
      if (next.policyId) out.set('policyId', next.policyId);
      if (next.verdict) out.set('verdict', next.verdict);
      setParams(out, { replace: true });
    },
    [filter, setParams],
  );
  return { filter, update };
}
