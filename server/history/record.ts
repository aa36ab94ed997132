import type { CallRecord } from '../../src/contract/history';
import type { RoomRef } from './store';
import { spanSeconds, type RoomFold } from './fold';

/**
 * The call's record from its folded history. Open spans (recording still on, the call still
 * running) count up to `now`: the watcher passes its last observation, an API route the clock.
 */
export function callRecord(room: RoomRef, fold: RoomFold, lastObservedAt: string | null, now: number): CallRecord {
  const started = fold.startedAt === null ? null : Date.parse(fold.startedAt);
  const end = fold.endedAt === null ? now : Date.parse(fold.endedAt);
  return {
    provider: room.provider,
    callId: room.callId,
    state: fold.state,
    startedAt: fold.startedAt,
    endedAt: fold.endedAt,
    watchedSince: fold.watchedSince ?? lastObservedAt ?? new Date(now).toISOString(),
    lastObservedAt,
    durationSec: started === null ? null : Math.max(0, end - started) / 1000,
    peakParticipants: fold.peakParticipants,
    recordedSec: spanSeconds(fold.recording.on, now),
    transcribedSec: spanSeconds(fold.transcription.on, now),
  };
}
