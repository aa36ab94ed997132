import { providerIdSchema, ROOM_NAME_PATTERN, type Identity, type ProviderId } from '../contract';

export interface RoomKey {
  provider: ProviderId;
  callId: string;
}

/** `provider:callId`, the form used in tokens' `rooms` and in the pin list. */
export function refOf(room: RoomKey): string {
  return `${room.provider}:${room.callId}`;
}

/**
 * Reads what a person types or a token lists: `provider:callId`, or a bare name meaning ProCONF.
 * Only a known provider prefix counts as one, since call ids may themselves contain `:`.
 */
export function parseRoomRef(input: string): RoomKey | null {
  const text = input.trim();
  const colon = text.indexOf(':');
  const prefix = colon > 0 ? text.slice(0, colon).toLowerCase() : '';
  const provider = providerIdSchema.safeParse(prefix);
  const room: RoomKey = provider.success
    ? { provider: provider.data, callId: text.slice(colon + 1) }
    : { provider: 'proconf', callId: text };
  return ROOM_NAME_PATTERN.test(room.callId) ? room : null;
}

/** Route parameters → a room, or null when they cannot name one. */
export function roomFromParams(provider: string | undefined, callId: string | undefined): RoomKey | null {
  const parsed = providerIdSchema.safeParse(provider);
  if (!parsed.success || !callId || !ROOM_NAME_PATTERN.test(callId)) return null;
  return { provider: parsed.data, callId };
}

export function roomPath(room: RoomKey): string {
  return `/rooms/${encodeURIComponent(room.provider)}/${encodeURIComponent(room.callId)}`;
}

export function catchUpPath(room: RoomKey): string {
  return `/catch-up/${encodeURIComponent(room.provider)}/${encodeURIComponent(room.callId)}`;
}

/** The same rule as the BFF's: moderators without `rooms` read everything; a bare name is ProCONF. */
export function canRead(identity: Identity, room: RoomKey): boolean {
  if (identity.rooms === null) return identity.role === 'moderator';
  return identity.rooms.some((ref) => ref === refOf(room) || (room.provider === 'proconf' && ref === room.callId));
}

