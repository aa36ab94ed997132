import type { CallReport, ParticipantReport } from '../../src/contract/history';
import type { RoomRef } from './store';
import { overlapSeconds, spanSeconds, toIntervals, type RoomFold } from './fold';
import { callRecord } from './record';

/**
 * Who was there when, against when recording and transcription ran: per participant, presence
 * intervals and the seconds present while each ran. Open intervals (`to` null) count up to `now`.
 */
export function callReport(room: RoomRef, fold: RoomFold, lastObservedAt: string | null, now: number): CallReport {
  const participants: ParticipantReport[] = [...fold.participants].map(([participantId, track]) => ({
    participantId,
    name: track.name,
    intervals: toIntervals(track.spans),
    presentSec: spanSeconds(track.spans, now),
    presentWhileRecordingSec: overlapSeconds(track.spans, fold.recording.on, now),
    presentWhileTranscribingSec: overlapSeconds(track.spans, fold.transcription.on, now),
  }));
  return {
    call: callRecord(room, fold, lastObservedAt, now),
    participants,
    recording: toIntervals(fold.recording.on),
    transcription: toIntervals(fold.transcription.on),
    gaps: toIntervals(fold.gaps),
  };
}
