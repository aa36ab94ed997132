import type { Flag } from '../contract';

const WORDS: Record<Flag, string> = { on: 'On', off: 'Off', unknown: 'Unknown' };
/** Shape differs per state as well as colour: filled dot, hollow ring, question mark. */
const ICONS: Record<Flag, string> = { on: '●', off: '○', unknown: '?' };

/**
 * Recording or transcription state: icon and words, never colour alone. `unknown` (the vendor
 * does not report it) is shown as such, never as off.
 */
export function Indicator({ label, value, size = 'small' }: { label: string; value: Flag; size?: 'small' | 'large' }) {
  return (
    <div className={`indicator indicator-${size}`} data-state={value} aria-label={`${label}: ${WORDS[value].toLowerCase()}`} role="img">
      <span className="indicator-icon" aria-hidden="true">
        {ICONS[value]}
      </span>
      <span className="indicator-text" aria-hidden="true">
        <span className="indicator-label">{label}</span> <span className="indicator-value">{WORDS[value]}</span>
      </span>
    </div>
  );
}
