import type { Identity } from '../../../src/contract/dashboard';
import type { OidcConfig } from './config';

/** A claim by name or dotted path (`realm_access.roles`), from the ID token's or userinfo's claims. */
export function claimAt(claims: Readonly<Record<string, unknown>>, path: string): unknown {
  // A provider may use a literal claim name with dots (a URL-like namespace): that wins.
  if (path in claims) return claims[path];
  let here: unknown = claims;
  for (const part of path.split('.')) {
    if (typeof here !== 'object' || here === null || Array.isArray(here)) return undefined;
    here = (here as Record<string, unknown>)[part];
  }
  return here;
}

/** Groups as a list of strings: an array, or one string (some providers send a single group so). */
export function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return undefined;
}

export interface SignedInUser {
  /** The IdP's `sub`, unchanged. */
  sub: string;
  /** `name`, else `email`, else the sub. */
  name: string;
  /** What the 403 page calls the account: email, else sub. */
  account: string;
}

export function userOf(claims: Readonly<Record<string, unknown>>, sub: string): SignedInUser {
  const text = (key: string) => {
    const value = claims[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 256) : undefined;
  };
  const email = text('email');
  return { sub, name: text('name') ?? email ?? sub, account: email ?? sub };
}

/**
 * The roomwatch identity for a user's groups, or null when no moderator group matches (no way in).
 * OIDC_ROOMS_CLAIM, when set and present, limits the moderator to those rooms.
 */
export function identityFor(config: OidcConfig, user: SignedInUser, groups: readonly string[], claims: Readonly<Record<string, unknown>>): Identity | null {
  const allowed = config.moderatorGroups.includes('*') || groups.some((group) => config.moderatorGroups.includes(group));
  if (!allowed) return null;
  const rooms = config.roomsClaim ? stringList(claimAt(claims, config.roomsClaim)) : undefined;
  return { sub: user.sub, role: 'moderator', rooms: rooms ? rooms.slice(0, 1000) : null, name: user.name };
}
