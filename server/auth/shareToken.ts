import { randomBytes } from 'node:crypto';
import { formatRoomRef, type RoomRef } from '../../src/contract/roomAccess';
import type { TokenIssuer } from './issuer';

export const SHARE_SUB_PREFIX = 'share:';

export interface ShareToken {
  token: string;
  /** The link's id, in the token as `jti`: what the link is listed and revoked by. */
  id: string;
  /** `share:<id>`: each link is its own subject, so it has its own rate-limit bucket. */
  sub: string;
  expiresAt: Date;
}

/**
 * A latecomer's token: a participant for exactly one room. Participants never see the
 * participants list or the room listing and cannot mint links (src/contract/roomAccess.ts).
 */
export function mintShareToken(issuer: TokenIssuer, room: RoomRef, ttlSeconds: number): Promise<ShareToken> {
  const id = randomBytes(12).toString('base64url');
  const sub = `${SHARE_SUB_PREFIX}${id}`;
  return issuer
    .issue({ sub, role: 'participant', rooms: [formatRoomRef(room)] }, ttlSeconds, id)
    .then(({ token, expiresAt }) => ({ token, id, sub, expiresAt }));
}
