import { ago, clock } from '../lib/time';
import { useNow } from '../lib/useNow';

/** "updated 4 s ago", ticking by itself; the exact time is in the tooltip and the datetime. */
export function Freshness({ at, prefix = 'updated' }: { at: string | number | Date; prefix?: string }) {
  const now = useNow();
  const date = new Date(at);
  return (
    <time className="freshness" dateTime={date.toISOString()} title={clock(date)}>
      {prefix} {ago(date, now)}
    </time>
  );
}
