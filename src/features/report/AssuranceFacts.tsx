import type { CallAssurance } from '../../contract/assurance';
import { clock, duration } from '../../lib/time';
import { percent, VERDICT_LABEL } from '../../lib/assuranceText';

/** The call's assurance in words: verdict, figures, and each violation with who was present. */
export function AssuranceFacts({ assurance }: { assurance: CallAssurance }) {
  return (
    <section className="panel" aria-labelledby="assurance-facts-title">
      <h2 id="assurance-facts-title">Recording assurance</h2>
      <dl className="facts">
        <dt>Verdict</dt>
        <dd>
          <span className={`verdict verdict-${assurance.verdict}`}>{VERDICT_LABEL[assurance.verdict]}</span>
        </dd>
        <dt>Coverage</dt>
        <dd>
          {percent(assurance.coverage)} <span className="muted">of {duration(assurance.occupiedSec)} occupied</span>
        </dd>
        <dt>Not recorded</dt>
        <dd>{duration(assurance.unrecordedSec)}</dd>
        <dt>Unverified</dt>
        <dd>{duration(assurance.unverifiedSec)}</dd>
      </dl>
      {assurance.violations.length > 0 && (
        <ul className="violations">
          {assurance.violations.map((v) => (
            <li key={`${v.kind}-${v.from}`}>
              {v.kind === 'not_recorded' ? 'Not recorded' : 'Not transcribed'} {clock(v.from)}–{v.to ? clock(v.to) : 'now'}
              {v.participants.length > 0 ? `, present: ${v.participants.join(', ')}` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
