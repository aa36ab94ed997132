import type { Identity } from '../../src/contract/dashboard';
import type { ProviderId } from '../../src/contract/ids';

/** Whether `identity` may read status and catch-up of one room. A bare name in `rooms` means ProCONF. */
export function canReadRoom(identity: Identity, provider: ProviderId, callId: string): boolean {
  if (identity.rooms === null) return identity.role === 'moderator';
  return identity.rooms.some((ref) => ref === `${provider}:${callId}` || (provider === 'proconf' && ref === callId));
}

/** The participants list and room listing are moderators' only. */
export function isModerator(identity: Identity): boolean {
  return identity.role === 'moderator';
}
