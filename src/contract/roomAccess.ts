import type { Identity } from './dashboard';
import { providerIdSchema, ROOM_NAME_PATTERN, type ProviderId } from './ids';

/**
 * Who may read which room: the one rule the BFF enforces and the browser mirrors. Everything
 * here is pure, so both sides import it.
 */

/** One room of one vendor. */
export interface RoomRef {
  provider: ProviderId;
  callId: string;
}

/** `provider:callId`: the form used in tokens' `rooms`, WATCH_ROOMS and the browser's pin list. */
export function formatRoomRef(room: RoomRef): string {
  return `${room.provider}:${room.callId}`;
}

export function sameRoom(a: RoomRef, b: RoomRef): boolean {
  return a.provider === b.provider && a.callId === b.callId;
}

function allowListed(room: RoomRef): RoomRef | null {
  return ROOM_NAME_PATTERN.test(room.callId) ? room : null;
}

/**
 * Reads what a person types or a token lists: `provider:callId`, or a bare name meaning ProCONF.
 * A prefix counts as a provider only when it is one of `knownProviders`, since call ids may
 * themselves contain `:` (`meeting:1` is a ProCONF room unless `meeting` is a provider here).
 */
export function parseRoomRef(input: string, knownProviders: readonly ProviderId[]): RoomRef | null {
  const text = input.trim();
  const colon = text.indexOf(':');
  const prefix = colon > 0 ? text.slice(0, colon).toLowerCase() : '';
  const provider = knownProviders.find((id) => id === prefix);
  return allowListed(provider ? { provider, callId: text.slice(colon + 1) } : { provider: 'proconf', callId: text });
}

/**
 * Reads a ref that must name its provider (one this code wrote with formatRoomRef, or a
 * WATCH_ROOMS entry): the first `:` ends the provider id, which never contains one. With
 * `knownProviders`, a provider outside the list is refused too.
 */
export function parseQualifiedRoomRef(input: string, knownProviders?: readonly ProviderId[]): RoomRef | null {
  const colon = input.indexOf(':');
  if (colon <= 0) return null;
  const provider = providerIdSchema.safeParse(input.slice(0, colon));
  if (!provider.success || (knownProviders && !knownProviders.includes(provider.data))) return null;
  return allowListed({ provider: provider.data, callId: input.slice(colon + 1) });
}

/** The participants list, the room listing and share links are moderators' only. */
export function isModerator(identity: Identity): boolean {
  return identity.role === 'moderator';
}

/**
 * Whether `identity` may read one room's status and catch-up. A token without `rooms` lets a
 * moderator read everything; otherwise an entry must name the room, a bare name meaning ProCONF.
 * Entries are compared as written, so no list of providers is needed to decide.
 */
export function canReadRoom(identity: Identity, room: RoomRef): boolean {
  if (identity.rooms === null) return isModerator(identity);
  const ref = formatRoomRef(room);
  return identity.rooms.some((entry) => entry === ref || (room.provider === 'proconf' && entry === room.callId));
}
