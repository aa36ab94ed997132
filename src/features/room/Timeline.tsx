import { clock } from '../../lib/time';
import type { TimelineEntry } from './useTimeline';

export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Changes since you opened this page</h2>
      {entries.length === 0 ? (
        <p className="muted">Waiting for the first status…</p>
      ) : (
        <ol className="timeline">
          {entries.map((entry) => (
            <li key={entry.id}>
              <time dateTime={entry.at}>{clock(entry.at)}</time> {entry.text}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
