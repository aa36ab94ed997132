import type { CallRecord, CallSnapshot, NewRoomEvent, ProviderId } from '../../src/contract';
import type { RoomRef, RoomWrite } from '../../server/history/store';

/** Small, valid history values for the store tests. */

export function record(provider: ProviderId, callId: string, overrides: Partial<CallRecord> = {}): CallRecord {
  return {
    provider,
    callId,
    state: 'active',
    startedAt: '2026-11-20T10:00:00.000Z',
    endedAt: null,
    watchedSince: '2026-11-20T10:00:05.000Z',
    lastObservedAt: '2026-11-20T10:05:00.000Z',
    durationSec: null,
    peakParticipants: 2,
    recordedSec: 0,
    transcribedSec: 0,
    ...overrides,
  };
}

export function snapshot(provider: ProviderId, callId: string, observedAt = '2026-11-20T10:05:00.000Z'): CallSnapshot {
  return {
    provider,
    callId,
    state: 'active',
    media: 'video',
    recording: 'on',
    transcription: 'off',
    participants: [{ id: 'alice', state: 'joined', joinedAt: '2026-11-20T10:00:10.000Z', leftAt: null, muted: false, onHold: null }],
    activeParticipants: 1,
    startedAt: '2026-11-20T10:00:00.000Z',
    endedAt: null,
    observedAt,
    stale: false,
  };
}

export function joined(participantId: string, at = '2026-11-20T10:01:00.000Z'): NewRoomEvent {
  return { kind: 'participant.joined', participantId, name: participantId.toUpperCase(), at, observedAt: at };
}

export function recordingTurned(to: 'on' | 'off', at = '2026-11-20T10:02:00.000Z'): NewRoomEvent {
  return { kind: 'recording', from: to === 'on' ? 'off' : 'on', to, at, observedAt: at };
}

export function roomWrite(room: RoomRef, events: NewRoomEvent[], overrides: Partial<RoomWrite> = {}): RoomWrite {
  return { room, events, record: record(room.provider, room.callId), lastSnapshot: snapshot(room.provider, room.callId), ...overrides };
}
