import { useState } from 'react';
import type { CallSnapshot } from '../../contract';
import { describeStart, diffSnapshots } from './timeline';

export interface TimelineEntry {
  id: number;
  /** When the BFF observed the snapshot that showed the change. */
  at: string;
  text: string;
}

interface Tracked {
  last: CallSnapshot | null;
  entries: TimelineEntry[];
  /** The newest recording/transcription change, for the live region. */
  announcement: string;
  nextId: number;
}

const MAX_ENTRIES = 200;

/**
 * Changes seen since this page opened, newest first. Derived while rendering from each new
 * snapshot (React's "adjust state when a prop changes" pattern), so nothing is missed between
 * an effect and a paint.
 */
export function useTimeline(snapshot: CallSnapshot | undefined, roomName: string) {
  const [tracked, setTracked] = useState<Tracked>({ last: null, entries: [], announcement: '', nextId: 0 });

  if (snapshot && snapshot !== tracked.last) {
    const changes = tracked.last ? diffSnapshots(tracked.last, snapshot) : [{ kind: 'state' as const, text: describeStart(snapshot) }];
    const fresh = changes.map((change, i) => ({ id: tracked.nextId + i, at: snapshot.observedAt, text: change.text })).reverse();
    const flags = changes.filter((c) => c.kind === 'flag').map((c) => c.text);
    setTracked({
      last: snapshot,
      entries: fresh.length ? [...fresh, ...tracked.entries].slice(0, MAX_ENTRIES) : tracked.entries,
      announcement: tracked.last && flags.length ? `${roomName}: ${flags.join(', ')}` : tracked.announcement,
      nextId: tracked.nextId + changes.length,
    });
  }

  return { entries: tracked.entries, announcement: tracked.announcement };
}
