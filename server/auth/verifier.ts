import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTVerifyOptions } from 'jose';
import type { Identity } from '../../src/contract/dashboard';
import type { AuthConfig } from '../config';
import { claimsSchema, identityFromClaims } from './claims';
import { SHARE_SUB_PREFIX } from './shareToken';

export const CLOCK_TOLERANCE_SECONDS = 30;
/** Longer than any sane JWT; a huge token is refused before any crypto runs. */
export const MAX_TOKEN_LENGTH = 8192;
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];

export interface VerifiedToken {
  identity: Identity;
  /** From `exp`: how long a session cookie holding this token may live. */
  expiresAt: Date;
  /** The `jti` of a share link's token (its `sub` is `share:<jti>`): what a revocation names. */
  shareLinkId?: string;
}

export interface TokenVerifier {
  /** The verified identity and expiry, or null for anything missing, malformed, badly signed or expired. */
  verify(token: string): Promise<VerifiedToken | null>;
  /**
   * What `verify` would answer at once from what it remembers (a cached verification, a revoked
   * link), without a promise; undefined when it has to verify. Optional: the poll path's shortcut.
   */
  cached?(token: string): VerifiedToken | null | undefined;
}

/**
 * HS256 tokens are checked only against the BFF's own secret (AUTH_JWT_SECRET, or the random
 * demo secret), and asymmetric tokens only against the JWKS: each path has its own algorithm
 * allow-list, so `alg: none` and HS/RS confusion (an RSA public key used as an HMAC secret)
 * have nowhere to go.
 */
export function createTokenVerifier(auth: AuthConfig, localSecret: Uint8Array): TokenVerifier {
  const claimOptions: JWTVerifyOptions = {
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ['exp', 'sub'],
    ...(auth.kind !== 'demo' && auth.issuer ? { issuer: auth.issuer } : {}),
    ...(auth.kind !== 'demo' && auth.audience ? { audience: auth.audience } : {}),
  };
  const jwks = auth.kind === 'jwks' ? createRemoteJWKSet(new URL(auth.jwksUrl), { timeoutDuration: 3000 }) : undefined;

  return {
    async verify(token) {
      if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
      try {
        const header = decodeProtectedHeader(token);
        const result =
          header.alg === 'HS256'
            ? await jwtVerify(token, localSecret, { ...claimOptions, algorithms: ['HS256'] })
            : jwks
              ? await jwtVerify(token, jwks, { ...claimOptions, algorithms: ASYMMETRIC_ALGORITHMS })
              : null;
        if (!result) return null;
        const claims = claimsSchema.safeParse(result.payload);
        const exp = result.payload.exp;
        if (!claims.success || typeof exp !== 'number') return null;
        const { jti, sub } = claims.data;
        const shareLinkId = jti !== undefined && sub === `${SHARE_SUB_PREFIX}${jti}` ? jti : undefined;
        return { identity: identityFromClaims(claims.data), expiresAt: new Date(exp * 1000), ...(shareLinkId ? { shareLinkId } : {}) };
      } catch {
        return null;
      }
    },
  };
}
