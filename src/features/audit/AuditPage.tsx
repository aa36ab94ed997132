import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, type FormEvent } from 'react';
import { QueryProblem, isSessionProblem } from '../../components/QueryProblem';
import { TopBar } from '../../components/TopBar';
import { auditActionSchema } from '../../contract';
import { auditCsvHref, auditQuery } from './auditQuery';
import { ACTION_LABELS, AuditTable } from './AuditTable';
import { useAuditFilter } from './useAuditFilter';

/** `/audit`: who changed what, newest first; moderators only. */
export function AuditPage() {
  const { filter, update } = useAuditFilter();
  const audit = useInfiniteQuery(auditQuery(filter));

  useEffect(() => {
    document.title = 'Audit log · roomwatch';
  }, []);

  // 401 goes to sign-in, 403 (a participant) says so.
  if (audit.isError && isSessionProblem(audit.error)) {
    return <QueryProblem error={audit.error} what="audit log" />;
  }
  const entries = audit.data?.pages.flatMap((page) => page.entries) ?? [];
  const filtered = filter.actor !== '' || filter.action !== null;
  const submitActor = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get('actor');
    update({ actor: typeof value === 'string' ? value.trim() : '' });
  };

  return (
    <>
      <TopBar />
      <main className="page" aria-labelledby="audit-title">
        <div className="page-head">
          <h1 id="audit-title">Audit log</h1>
          <span className="muted" role="status">
            {audit.data ? `${entries.length}${audit.hasNextPage ? '+' : ''} ${entries.length === 1 ? 'entry' : 'entries'}` : ''}
          </span>
        </div>
        <form className="filters" role="search" aria-label="Filter the audit log" onSubmit={submitActor}>
          <label>
            Who (sub, Enter to apply)
            {/* Uncontrolled, re-made when the address changes: the address is the filter's truth. */}
            <input key={filter.actor} type="search" name="actor" defaultValue={filter.actor} maxLength={256} />
          </label>
          <label>
            What
            <select
              value={filter.action ?? ''}
              onChange={(e) => {
                const parsed = auditActionSchema.safeParse(e.target.value);
                update({ action: parsed.success ? parsed.data : null });
              }}
            >
              <option value="">Every action</option>
              {auditActionSchema.options.map((action) => (
                <option key={action} value={action}>
                  {ACTION_LABELS[action]}
                </option>
              ))}
            </select>
          </label>
          <a className="button" href={auditCsvHref(filter)} download>
            Download CSV
          </a>
        </form>
        {!audit.data ? (
          audit.isError ? (
            <p className="message" role="alert">
              Cannot load the audit log right now; retrying.
            </p>
          ) : (
            <p className="muted" aria-busy="true">
              Loading the audit log…
            </p>
          )
        ) : entries.length === 0 ? (
          <p className="message">{filtered ? 'No entries match these filters.' : 'Nobody has changed anything yet.'}</p>
        ) : (
          <>
            <AuditTable entries={entries} />
            {audit.hasNextPage && (
              <button type="button" className="load-more" onClick={() => void audit.fetchNextPage()} disabled={audit.isFetchingNextPage}>
                {audit.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            )}
          </>
        )}
      </main>
    </>
  );
}
