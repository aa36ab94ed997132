/**
 * A value over time as change points: each point's value holds from its `at` until the next point.
 * Points only move forward: a change stamped earlier than the last one (a vendor clock behind the
 * BFF's) takes effect at the last one, so a track never runs backwards and two readers of the same
 * events get the same timeline.
 */
export interface Steps<T> {
  initial: T;
  points: { at: number; value: T }[];
}

export const steps = <T>(initial: T): Steps<T> => ({ initial, points: [] });

export function setAt<T>(track: Steps<T>, at: number, value: T): void {
  const last = track.points.at(-1);
  const t = last ? Math.max(at, last.at) : at;
  // The same instant twice: the later event (higher seq) wins.
  if (last && last.at === t) last.value = value;
  else track.points.push({ at: t, value });
}

export const valueNow = <T>(track: Steps<T>): T => track.points.at(-1)?.value ?? track.initial;

/** Reads a track at increasing times in one pass. */
export function cursor<T>(track: Steps<T>): (at: number) => T {
  let i = -1;
  return (at) => {
    while (i + 1 < track.points.length && (track.points[i + 1]?.at ?? Infinity) <= at) i += 1;
    return i < 0 ? track.initial : (track.points[i]?.value ?? track.initial);
  };
}

/** The spans during which a boolean track is true; `end` closes one still open. */
export function trueSpans(track: Steps<boolean>, end: number): { from: number; to: number }[] {
  const spans: { from: number; to: number }[] = [];
  let openFrom: number | null = track.initial ? -Infinity : null;
  for (const { at, value } of track.points) {
    if (value && openFrom === null) openFrom = at;
    if (!value && openFrom !== null) {
      spans.push({ from: openFrom, to: at });
      openFrom = null;
    }
  }
  if (openFrom !== null) spans.push({ from: openFrom, to: Math.max(end, openFrom) });
  return spans;
}
