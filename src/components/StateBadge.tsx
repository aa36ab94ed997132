import type { CallState } from '../contract';

const WORDS: Record<CallState, string> = {
  created: 'Created',
  ringing: 'Ringing',
  active: 'Live',
  ended: 'Ended',
  unknown: 'State unknown',
};

export function StateBadge({ state }: { state: CallState }) {
  return (
    <span className="state-badge" data-state={state}>
      {WORDS[state]}
    </span>
  );
}
