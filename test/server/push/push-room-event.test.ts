import { describe, expect, it } from 'vitest';
import { roomEventSchema } from '../../../src/contract/history';
import { toRoomEvent, type RoomState } from '../../../server/push/toRoomEvent';
import type { PushEvent } from '../../../server/providers/webhooks/events';

const at = '2026-01-02T03:04:05.000Z';
const observedAt = '2026-01-02T03:04:05.250Z';
const base = { provider: 'bandwidth', callId: 'conf-1', idKind: 'call', eventId: 'e', at } as const;
const room: RoomState = {
  state: 'active',
  recording: 'unknown',
  transcription: 'off',
  participants: [
    { id: 'm-1', state: 'joined', joinedAt: at, leftAt: null, muted: false, onHold: false },
    { id: 'm-2', state: 'left', joinedAt: at, leftAt: at, muted: null, onHold: null },
  ],
};

function roundTrip(event: PushEvent) {
  const result = toRoomEvent(event, room, observedAt);
  // Whatever comes out must be a valid history event once the store numbers it.
  if (result) expect(roomEventSchema.parse({ ...result, seq: 1 })).toEqual({ ...result, seq: 1 });
  return result;
}

describe('PushEvent → RoomEvent', () => {
  it('a flag change carries the snapshot value as `from`', () => {
    expect(roundTrip({ ...base, kind: 'recording', to: 'on' })).toEqual({ at, observedAt, kind: 'recording', from: 'unknown', to: 'on' });
    expect(roundTrip({ ...base, kind: 'state', to: 'ended' })).toEqual({ at, observedAt, kind: 'state', from: 'active', to: 'ended' });
  });

  it('a value the room already has is no event (duplicates and repeats record nothing)', () => {
    expect(roundTrip({ ...base, kind: 'transcription', to: 'off' })).toBeNull();
    expect(roundTrip({ ...base, kind: 'state', to: 'active' })).toBeNull();
    expect(roundTrip({ ...base, kind: 'participant.joined', participantId: 'm-1', name: null })).toBeNull();
    expect(roundTrip({ ...base, kind: 'participant.unmuted', participantId: 'm-1' })).toBeNull();
  });

  it('participants: a new join, a leave, a mute', () => {
    expect(roundTrip({ ...base, kind: 'participant.joined', participantId: 'm-3', name: '+1•••••1234' })).toMatchObject({
      kind: 'participant.joined',
      participantId: 'm-3',
      name: '+1•••••1234',
    });
    expect(roundTrip({ ...base, kind: 'participant.joined', participantId: 'm-2', name: null })).toMatchObject({ kind: 'participant.joined' });
    expect(roundTrip({ ...base, kind: 'participant.left', participantId: 'm-1', name: null })).toMatchObject({ kind: 'participant.left' });
    expect(roundTrip({ ...base, kind: 'participant.muted', participantId: 'm-1' })).toMatchObject({ kind: 'participant.muted' });
  });

  it('does not invent: no leave or mute for someone not in the room, no hold events', () => {
    expect(roundTrip({ ...base, kind: 'participant.left', participantId: 'nobody', name: null })).toBeNull();
    expect(roundTrip({ ...base, kind: 'participant.left', participantId: 'm-2', name: null })).toBeNull();
    expect(roundTrip({ ...base, kind: 'participant.muted', participantId: 'm-2' })).toBeNull();
    expect(roundTrip({ ...base, kind: 'participant.hold', participantId: 'm-1', onHold: true })).toBeNull();
    expect(toRoomEvent({ ...base, kind: 'participant.left', participantId: 'm-1', name: null }, { ...room, participants: null }, observedAt)).toBeNull();
  });
});
