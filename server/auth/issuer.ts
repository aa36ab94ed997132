import { SignJWT } from 'jose';
import type { Identity } from '../../src/contract/dashboard';
import type { AuthConfig } from '../config';

export interface TokenIssuer {
  /**
   * Signs a token for `identity`, valid for `ttlSeconds`. Returns the JWT and its expiry.
   * `tokenId` becomes the `jti` claim: what a share link is revoked by.
   */
  issue(identity: Identity, ttlSeconds: number, tokenId?: string): Promise<{ token: string; expiresAt: Date }>;
}

/** Tokens the BFF itself hands out (demo sign-in, share links), HS256 with the local secret. */
export function createTokenIssuer(auth: AuthConfig, localSecret: Uint8Array): TokenIssuer {
  const issuer = auth.kind === 'demo' ? undefined : auth.issuer;
  const audience = auth.kind === 'demo' ? undefined : auth.audience;
  return {
    async issue(identity, ttlSeconds, tokenId) {
      const now = Math.floor(Date.now() / 1000);
      const expiresAt = new Date((now + ttlSeconds) * 1000);
      let jwt = new SignJWT({
        role: identity.role,
        ...(identity.rooms ? { rooms: identity.rooms } : {}),
        ...(identity.name ? { name: identity.name } : {}),
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(identity.sub)
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(now + ttlSeconds);
      if (tokenId) jwt = jwt.setJti(tokenId);
      if (issuer) jwt = jwt.setIssuer(issuer);
      if (audience) jwt = jwt.setAudience(audience);
      return { token: await jwt.sign(localSecret), expiresAt };
    },
  };
}
