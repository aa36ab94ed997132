import { describe, expect, it } from 'vitest';
import {
  canReadRoom,
  formatRoomRef,
  isModerator,
  parseQualifiedRoomRef,
  parseRoomRef,
  type Identity,
} from '../../../src/contract';

const known = ['proconf', 'tencent'] as const;

describe('room refs', () => {
  it('reads a known provider prefix as the provider, and the rest (colons and all) as the call id', () => {
    expect(parseRoomRef('tencent:call:42', known)).toEqual({ provider: 'tencent', callId: 'call:42' });
    expect(parseRoomRef(' Tencent:c1 ', known)).toEqual({ provider: 'tencent', callId: 'c1' });
  });

  it('reads a bare name, or a prefix that is not a known provider, as a ProCONF room', () => {
    expect(parseRoomRef('standup', known)).toEqual({ provider: 'proconf', callId: 'standup' });
    expect(parseRoomRef('meeting:1', known)).toEqual({ provider: 'proconf', callId: 'meeting:1' });
    expect(parseRoomRef('bandwidth:c-1', [])).toEqual({ provider: 'proconf', callId: 'bandwidth:c-1' });
  });

  it('refuses what cannot be a room name', () => {
    expect(parseRoomRef('../etc/passwd', known)).toBeNull();
    expect(parseRoomRef('tencent:', known)).toBeNull();
    expect(parseQualifiedRoomRef('standup')).toBeNull();
    expect(parseQualifiedRoomRef('tencent:%2e%2e')).toBeNull();
    expect(parseQualifiedRoomRef('zoom:c1', known)).toBeNull();
    expect(parseQualifiedRoomRef('tencent:c1', known)).toEqual({ provider: 'tencent', callId: 'c1' });
  });

  it('round-trips a qualified ref through its text form', () => {
    const room = { provider: 'cometchat', callId: 'v1.us.app:session' } as const;
    expect(formatRoomRef(room)).toBe('cometchat:v1.us.app:session');
    expect(parseQualifiedRoomRef(formatRoomRef(room))).toEqual(room);
  });
});

describe('who may read a room', () => {
  const moderator: Identity = { sub: 'm', role: 'moderator', rooms: null };
  const participant = (rooms: string[]): Identity => ({ sub: 'p', role: 'participant', rooms });

  it('lets a moderator without a rooms claim read every room', () => {
    expect(canReadRoom(moderator, { provider: 'tencent', callId: 'c1' })).toBe(true);
    expect(isModerator(moderator)).toBe(true);
  });

  it('lets a rooms claim name a room as provider:callId, or bare for ProCONF only', () => {
    const reader = participant(['tencent:c1', 'standup']);
    expect(canReadRoom(reader, { provider: 'tencent', callId: 'c1' })).toBe(true);
    expect(canReadRoom(reader, { provider: 'proconf', callId: 'standup' })).toBe(true);
    expect(canReadRoom(reader, { provider: 'tencent', callId: 'standup' })).toBe(false);
    expect(canReadRoom(reader, { provider: 'proconf', callId: 'c1' })).toBe(false);
    expect(isModerator(reader)).toBe(false);
  });

  it('lets nobody read a room with an empty rooms claim, moderators included', () => {
    expect(canReadRoom({ ...moderator, rooms: [] }, { provider: 'proconf', callId: 'standup' })).toBe(false);
    expect(canReadRoom({ sub: 'p', role: 'participant', rooms: null }, { provider: 'proconf', callId: 'standup' })).toBe(false);
  });
});
