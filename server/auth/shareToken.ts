import { randomBytes } from 'node:crypto';
import type { ProviderId } from '../../src/contract/ids';
import { roomRef } from '../../src/contract/ids';
import type { TokenIssuer } from './issuer';

export interface ShareToken {
  token: string;
  /** `share:<random>`: each link is its own subject, so it has its own rate-limit bucket. */
  sub: string;
  expiresAt: Date;
}

/**
 * A latecomer's token: a participant for exactly one room. Participants never see the
 * participants list or the room listing and cannot mint links (server/auth/scope.ts).
 */
export function mintShareToken(issuer: TokenIssuer, provider: ProviderId, callId: string, ttlSeconds: number): Promise<ShareToken> {
  const sub = `share:${randomBytes(12).toString('base64url')}`;
  return issuer
    .issue({ sub, role: 'participant', rooms: [roomRef(provider, callId)] }, ttlSeconds)
    .then(({ token, expiresAt }) => ({ token, sub, expiresAt }));
}
