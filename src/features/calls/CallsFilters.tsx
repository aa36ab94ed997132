import { useEffect, useState } from 'react';
import { callStatusFilterSchema, providerIdSchema, type CallStatusFilter, type ProviderInfo } from '../../contract';
import type { CallsFilter } from '../../lib/api/queries';

/** Typing waits this long after the last key before the list asks the server. */
export const SEARCH_DEBOUNCE_MS = 300;

const STATUS_WORDS: Record<CallStatusFilter, string> = { all: 'Live and ended', live: 'Live', ended: 'Ended' };

export function CallsFilters({
  filter,
  providers,
  onChange,
}: {
  filter: CallsFilter;
  providers: ProviderInfo[] | undefined;
  onChange: (change: Partial<CallsFilter>) => void;
}) {
  const [draft, setDraft] = useState(filter.q);
  // The address can change under the field (the top bar's Calls link, back and forward): then the
  // field follows it, or the pending debounce would put the old search back.
  const [addressQ, setAddressQ] = useState(filter.q);
  if (filter.q !== addressQ) {
    setAddressQ(filter.q);
    if (filter.q !== draft.trim()) setDraft(filter.q);
  }
  useEffect(() => {
    if (draft.trim() === filter.q) return;
    const id = setTimeout(() => onChange({ q: draft.trim() }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(id);
  }, [draft, filter.q, onChange]);

  return (
    <form className="filters" role="search" aria-label="Filter calls" onSubmit={(event) => event.preventDefault()}>
      <label>
        Vendor
        <select
          value={filter.provider ?? ''}
          onChange={(event) => {
            const picked = providerIdSchema.safeParse(event.target.value);
            onChange({ provider: picked.success ? picked.data : null });
          }}
        >
          <option value="">All vendors</option>
          {providers?.map((provider) => (
            <option key={provider.id} value={provider.id}>
              {provider.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Status
        <select value={filter.status} onChange={(event) => onChange({ status: callStatusFilterSchema.catch('all').parse(event.target.value) })}>
          {(Object.keys(STATUS_WORDS) as CallStatusFilter[]).map((status) => (
            <option key={status} value={status}>
              {STATUS_WORDS[status]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Call id
        <input type="search" value={draft} placeholder="part of a call id" onChange={(event) => setDraft(event.target.value)} />
      </label>
    </form>
  );
}
