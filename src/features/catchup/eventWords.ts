import type { CallState, Flag, RoomEvent } from '../../contract';

const FLAG_CHANGE: Record<Flag, string> = { on: 'started', off: 'stopped', unknown: 'is no longer reported' };
const STATE_WORDS: Partial<Record<CallState, string>> = { active: 'The call started', ended: 'The call ended' };

/**
 * One line per event, in words a latecomer reads at a glance. People are "someone" here for
 * every reader: the catch-up page deals in counts, never names.
 */
export function eventWords(event: RoomEvent): string {
  switch (event.kind) {
    case 'watch.started':
      return 'Roomwatch started following the call';
    case 'watch.stopped':
      return 'Roomwatch stopped following the call';
    case 'state':
      return STATE_WORDS[event.to] ?? `The call is now ${event.to}`;
    case 'recording':
      return `Recording ${FLAG_CHANGE[event.to]}`;
    case 'transcription':
      return `Transcription ${FLAG_CHANGE[event.to]}`;
    case 'participant.joined':
      return 'Someone joined';
    case 'participant.left':
      return 'Someone left';
    case 'participant.muted':
      return 'Someone muted their microphone';
    case 'participant.unmuted':
      return 'Someone unmuted their microphone';
    case 'summary.updated':
      return 'The summary was updated';
    case 'gap.started':
      return 'Roomwatch lost sight of the call for a while';
    case 'gap.ended':
      return 'Roomwatch sees the call again';
  }
}
