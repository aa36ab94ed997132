/** Characters always shown at the end: where vendor ids differ (CometChat's share a long prefix). */
const TAIL = 10;

/**
 * One way to show any vendor's long id, wherever it appears: on one line, and when it does not
 * fit, the start is cut with a middle ellipsis by CSS while the distinctive end always shows.
 * All the text stays in the DOM (the accessible name and find-in-page get the whole id), and the
 * full id is the tooltip.
 */
/** True when LongId cuts this id on a narrow line (a shorter one is always shown whole). */
export function isLongId(id: string): boolean {
  return id.length > TAIL + 4;
}

export function LongId({ id }: { id: string }) {
  if (!isLongId(id)) return <span className="long-id-short">{id}</span>;
  return (
    <span className="long-id" title={id}>
      <span className="long-id-head">{id.slice(0, -TAIL)}</span>
      <span className="long-id-tail">{id.slice(-TAIL)}</span>
    </span>
  );
}
