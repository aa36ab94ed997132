import { useId, useState } from 'react';
import { copyText } from '../lib/clipboard';

type Outcome = 'copied' | 'by-hand' | null;

/**
 * A small button that copies a long id whole (the heading shows it cut). Where the clipboard is
 * not available (plain http on another host, permissions) or does not answer within a second,
 * the id is shown in a field, selected, to copy by hand.
 */
export function CopyId({ id, what = 'call id' }: { id: string; what?: string }) {
  const [outcome, setOutcome] = useState<Outcome>(null);
  const fieldId = useId();
  const copy = async () => {
    setOutcome((await copyText(id)) ? 'copied' : 'by-hand');
  };
  return (
    <span className="copy-id">
      <button type="button" className="copy-id-button" onClick={() => void copy()}>
        Copy {what}
      </button>
      <span role="status" className="share-status">
        {outcome === 'copied' && 'Id copied'}
      </span>
      {outcome === 'by-hand' && (
        <span className="copy-id-field">
          <label htmlFor={fieldId}>{what.charAt(0).toUpperCase() + what.slice(1)}</label>
          <input id={fieldId} readOnly value={id} autoFocus onFocus={(event) => event.currentTarget.select()} />
        </span>
      )}
    </span>
  );
}
