import type { ReactNode } from 'react';

/** A full-width notice. `alert` for trouble the reader must see, `note` for calm information. */
export function Banner({ kind, children }: { kind: 'alert' | 'warning' | 'note'; children: ReactNode }) {
  return (
    <div className={`banner banner-${kind}`} role={kind === 'note' ? 'note' : 'alert'}>
      <span className="banner-icon" aria-hidden="true">
        {kind === 'note' ? 'ℹ' : '⚠'}
      </span>
      <span>{children}</span>
    </div>
  );
}
