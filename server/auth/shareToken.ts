import { randomBytes } from 'node:crypto';
import { formatRoomRef, type RoomRef } from '../../src/contract/roomAccess';
import type { TokenIssuer } from './issuer';

export interface ShareToken {
  token: string;
  /** `share:<random>`: each link is its own subject, so it has its own rate-limit bucket. */
  sub: string;
  expiresAt: Date;
}

/**
 * A latecomer's token: a participant for exactly one room. Participants never see the
 * participants list or the room listing and cannot mint links (src/contract/roomAccess.ts).
 */
export function mintShareToken(issuer: TokenIssuer, room: RoomRef, ttlSeconds: number): Promise<ShareToken> {
  const sub = `share:${randomBytes(12).toString('base64url')}`;
  return issuer
    .issue({ sub, role: 'participant', rooms: [formatRoomRef(room)] }, ttlSeconds)
    .then(({ token, expiresAt }) => ({ token, sub, expiresAt }));
}
