import type { CallState, Flag, GapReason, RoomEvent, WatchStopReason } from '../../contract';

/** One line of the room timeline. Gaps are a span of time, shown as such, never as silence. */
export type TimelineItem =
  | { key: string; kind: 'change'; at: string; text: string }
  | { key: string; kind: 'gap'; at: string; until: string | null; text: string };

const STATE_WORDS: Record<CallState, string> = {
  created: 'call created',
  ringing: 'call ringing',
  active: 'call is live',
  ended: 'call ended',
  unknown: 'call state unknown',
};

const GAP_WORDS: Record<GapReason, string> = {
  vendor_unavailable: 'vendor unavailable',
  rate_limited: 'vendor rate limit reached',
  timeout: 'vendor did not answer in time',
  not_watching: 'roomwatch was not running',
};

const STOP_WORDS: Record<WatchStopReason, string> = {
  ended: 'the call ended',
  idle: 'nobody has looked at the room for a while',
  capacity: 'too many rooms are being watched',
};

export function gapText(reason: GapReason): string {
  return `roomwatch could not see the room: ${GAP_WORDS[reason]}`;
}

function flagText(name: string, to: Flag): string {
  return to === 'on' ? `${name} started` : to === 'off' ? `${name} stopped` : `${name} state unknown`;
}

function people(count: number): string {
  return `${count} ${count === 1 ? 'person' : 'people'}`;
}

/** The words for one event; null for events that are drawn as part of another line (gap ends). */
export function describeEvent(event: RoomEvent): string | null {
  switch (event.kind) {
    case 'watch.started': {
      const parts = [STATE_WORDS[event.state], `recording ${event.recording}`, `transcription ${event.transcription}`];
      if (event.activeParticipants !== null) parts.push(people(event.activeParticipants));
      return `roomwatch began watching: ${parts.join(', ')}`;
    }
    case 'state':
      return STATE_WORDS[event.to];
    case 'recording':
      return flagText('recording', event.to);
    case 'transcription':
      return flagText('transcription', event.to);
    case 'participant.joined':
      return `${event.name ?? event.participantId} joined`;
    case 'participant.left':
      return `${event.name ?? event.participantId} left`;
    case 'participant.muted':
      return `${event.participantId} muted`;
    case 'participant.unmuted':
      return `${event.participantId} unmuted`;
    case 'summary.updated':
      return `catch-up summary updated (revision ${event.revision})`;
    case 'gap.started':
      return gapText(event.reason);
    case 'gap.ended':
      return null;
    case 'watch.stopped':
      return `roomwatch stopped watching: ${STOP_WORDS[event.reason]}`;
  }
}

/**
 * The history as timeline lines, newest first (by `at`). A `gap.started` and the `gap.ended` after it make
 * one line spanning the gap; a gap with no end yet is open ("until now").
 */
export function historyItems(events: RoomEvent[]): TimelineItem[] {
  const items: TimelineItem[] = [];
  let openGap: Extract<TimelineItem, { kind: 'gap' }> | null = null;
  for (const event of events) {
    if (event.kind === 'gap.started') {
      openGap = { key: `gap-${event.seq}`, kind: 'gap', at: event.at, until: null, text: gapText(event.reason) };
      items.push(openGap);
    } else if (event.kind === 'gap.ended') {
      if (openGap) openGap.until = event.at;
      else items.push({ key: `gap-${event.seq}`, kind: 'gap', at: event.at, until: event.at, text: gapText(event.reason) });
      openGap = null;
    } else {
      const text = describeEvent(event);
      if (text !== null) items.push({ key: `event-${event.seq}`, kind: 'change', at: event.at, text });
    }
  }
  // Newest first by when it happened: a vendor's own join time can be earlier than the moment
  // roomwatch first saw it (and earlier than events numbered before it).
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => Date.parse(b.item.at) - Date.parse(a.item.at) || b.index - a.index)
    .map(({ item }) => item);
}

/**
 * Where the history begins, for the timeline's heading: the call's own start when the history
 * has it (the vendor's start time given when watching began, or the change to live), otherwise
 * when roomwatch began watching.
 */
export function historyStart(events: RoomEvent[], watchedSince: string | null): { from: 'call' | 'watch'; at: string } | null {
  for (const event of events) {
    if (event.kind === 'watch.started' && event.startedAt) return { from: 'call', at: event.startedAt };
    if (event.kind === 'state' && event.to === 'active') return { from: 'call', at: event.at };
  }
  const first = watchedSince ?? events[0]?.at ?? null;
  return first ? { from: 'watch', at: first } : null;
}
