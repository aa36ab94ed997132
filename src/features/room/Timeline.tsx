import { clock } from '../../lib/time';
import type { RoomTimeline } from './useRoomTimeline';

/** The room's changes, newest first; gaps are drawn as a span with their reason. */
export function Timeline({ timeline }: { timeline: RoomTimeline }) {
  const { title, items, note, loading } = timeline;
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{title}</h2>
      {note && <p className="note">{note}</p>}
      {items.length === 0 ? (
        <p className="muted">{loading ? 'Reading the room history…' : 'Waiting for the first status…'}</p>
      ) : (
        <ol className="timeline">
          {items.map((item) =>
            item.kind === 'gap' ? (
              <li key={item.key} className="timeline-gap">
                <time dateTime={item.at}>{clock(item.at)}</time>
                {item.until ? (
                  <>
                    –<time dateTime={item.until}>{clock(item.until)}</time>
                  </>
                ) : (
                  ' – now'
                )}{' '}
                <span className="gap-label">Gap:</span> {item.text}
              </li>
            ) : (
              <li key={item.key}>
                <time dateTime={item.at}>{clock(item.at)}</time> {item.text}
              </li>
            ),
          )}
        </ol>
      )}
    </section>
  );
}
