import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { QueryProblem, isSessionProblem } from '../../components/QueryProblem';
import { TopBar } from '../../components/TopBar';
import { verdictSchema, type AssuranceTotals } from '../../contract/assurance';
import { isApiError } from '../../lib/api/ApiError';
import { providersQuery } from '../../lib/api/queries';
import { duration } from '../../lib/time';
import { assuranceQuery, periodParams, policiesQuery, type AssuranceFilter } from '../../lib/api/assurance';
import { AssuranceCalls } from './AssuranceCalls';
import { CoverageChart } from './CoverageChart';
import { percent, VERDICT_LABEL } from '../../lib/assuranceText';
import { PoliciesEditor } from './PoliciesEditor';
import { useAssuranceFilter } from './useAssuranceFilter';

function Totals({ totals }: { totals: AssuranceTotals }) {
  return (
    <dl className="facts assurance-totals">
      <dt>Governed calls</dt>
      <dd>{totals.calls}</dd>
      <dt>Coverage</dt>
      <dd>{percent(totals.coverage)}</dd>
      <dt>Calls with a violation</dt>
      <dd>{totals.violations}</dd>
      <dt>Occupied</dt>
      <dd>{duration(totals.occupiedSec)}</dd>
      <dt>Recorded</dt>
      <dd>{duration(totals.recordedSec)}</dd>
      <dt>Not recorded</dt>
      <dd>{duration(totals.unrecordedSec)}</dd>
      <dt>Unverified</dt>
      <dd>{duration(totals.unverifiedSec)}</dd>
    </dl>
  );
}

function Filters({ filter, update, providers, policies }: {
  filter: AssuranceFilter;
  update(change: Partial<AssuranceFilter>): void;
  providers: { id: string; label: string }[];
  policies: { id: string; name: string }[];
}) {
  return (
    <form className="filters assurance-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <label>
        From
        <input type="date" value={filter.from} max={filter.to} onChange={(e) => e.target.value && update({ from: e.target.value })} />
      </label>
      <label>
        To
        <input type="date" value={filter.to} min={filter.from} onChange={(e) => e.target.value && update({ to: e.target.value })} />
      </label>
      <label>
        Vendor
        <select value={filter.provider ?? ''} onChange={(e) => update({ provider: e.target.value || null })}>
          <option value="">All vendors</option>
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Policy
        <select value={filter.policyId ?? ''} onChange={(e) => update({ policyId: e.target.value || null })}>
          <option value="">Any policy</option>
          {policies.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Verdict
        <select
          value={filter.verdict ?? ''}
          onChange={(e) => {
            const verdict = verdictSchema.safeParse(e.target.value);
            update({ verdict: verdict.success ? verdict.data : null });
          }}
        >
          <option value="">Any verdict</option>
          {verdictSchema.options.map((v) => (
            <option key={v} value={v}>
              {VERDICT_LABEL[v]}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}

/** `/assurance`: were the calls that had to be recorded recorded? Totals, coverage per day, calls worst first, policies. */
export function AssurancePage() {
  const { filter, update } = useAssuranceFilter();
  const period = useInfiniteQuery(assuranceQuery(filter));
  const providers = useQuery(providersQuery());
  const policies = useQuery(policiesQuery());

  useEffect(() => {
    document.title = 'Assurance · roomwatch';
  }, []);

  const labels = useMemo(() => new Map((providers.data ?? []).map((p) => [p.id, p.label])), [providers.data]);
  const names = useMemo(() => new Map((policies.data ?? []).map((p) => [p.id, p.name])), [policies.data]);
  if (period.isError && isSessionProblem(period.error)) return <QueryProblem error={period.error} what="assurance report" />;

  const first = period.data?.pages[0];
  const calls = period.data?.pages.flatMap((page) => page.calls) ?? [];
  const csvHref = `/api/assurance.csv?${periodParams(filter).toString()}`;
  return (
    <>
      <TopBar />
      <main className="page assurance" aria-labelledby="assurance-title">
        <div className="page-head">
          <h1 id="assurance-title">Recording assurance</h1>
          <a className="button-link" href={csvHref} download>
            Download CSV
          </a>
        </div>
        <Filters
          filter={filter}
          update={update}
          providers={(providers.data ?? []).map((p) => ({ id: p.id, label: p.label }))}
          policies={(policies.data ?? []).map((p) => ({ id: p.id, name: p.name }))}
        />
        {!first ? (
          period.isError ? (
            <p className="message" role="alert">
              {isApiError(period.error) && period.error.status === 404
                ? 'This server keeps no call history (history is turned off), so there is nothing to assure.'
                : isApiError(period.error) && period.error.status === 400
                  ? 'These dates do not make a period (at most 366 days, the first before the last).'
                  : 'Cannot load the assurance report right now; retrying.'}
            </p>
          ) : (
            <p className="muted" aria-busy="true">
              Loading the assurance report…
            </p>
          )
        ) : (
          <>
            <section className="panel" aria-labelledby="totals-title">
              <h2 id="totals-title">Totals</h2>
              <Totals totals={first.totals} />
            </section>
            <section className="panel" aria-labelledby="days-title">
              <h2 id="days-title">Coverage per day</h2>
              <CoverageChart days={first.days} />
            </section>
            <section className="panel" aria-labelledby="calls-title">
              <h2 id="calls-title">Calls, worst first</h2>
              {calls.length === 0 ? (
                <p className="message">No calls started in this period{filter.provider || filter.policyId || filter.verdict ? ' with these filters' : ''}.</p>
              ) : (
                <AssuranceCalls calls={calls} labelOf={(p) => labels.get(p) ?? p} policyName={(p) => names.get(p) ?? 'deleted policy'} />
              )}
              {period.hasNextPage && (
                <button type="button" onClick={() => void period.fetchNextPage()} disabled={period.isFetchingNextPage}>
                  {period.isFetchingNextPage ? 'Loading…' : 'Load more'}
                </button>
              )}
            </section>
          </>
        )}
        <section className="panel" aria-labelledby="policies-title">
          <h2 id="policies-title">Recording policies</h2>
          <p className="muted">A call is governed by the first enabled policy that matches it, in this order, when it is first occupied.</p>
          <PoliciesEditor />
        </section>
      </main>
    </>
  );
}
