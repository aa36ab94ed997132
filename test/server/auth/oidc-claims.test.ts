import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config';
import { claimAt, identityFor, stringList, userOf } from '../../../server/auth/oidc/claims';
import { safeReturnTo } from '../../../server/auth/oidc/returnTo';

function oidcConfig(extra: Record<string, string> = {}) {
  const loaded = loadConfig({
    OIDC_ISSUER: 'https://kc.example.com/realms/ops',
    OIDC_CLIENT_ID: 'roomwatch',
    OIDC_CLIENT_SECRET: 'secret',
    OIDC_MODERATOR_GROUPS: 'ops, on-call',
    SESSION_SECRET: 'x'.repeat(32),
    PUBLIC_URL: 'https://rw.example.com/',
    ...extra,
  });
  if (!loaded.ok || !loaded.config.oidc) throw new Error(loaded.ok ? 'oidc off' : loaded.problems.join('; '));
  return loaded.config.oidc;
}

describe('reading groups from claims', () => {
  it('follows a dotted path (Keycloak realm roles), and prefers a literal claim name with dots', () => {
    const claims = { realm_access: { roles: ['ops', 'viewer'] }, 'https://example.com/groups': ['x'] };
    expect(claimAt(claims, 'realm_access.roles')).toEqual(['ops', 'viewer']);
    expect(claimAt(claims, 'https://example.com/groups')).toEqual(['x']);
    expect(claimAt(claims, 'realm_access.missing.deeper')).toBeUndefined();
    expect(stringList('ops')).toEqual(['ops']);
    expect(stringList(['ops', 3, null])).toEqual(['ops']);
    expect(stringList({ ops: true })).toBeUndefined();
  });

  it('makes a moderator of someone in any moderator group, with rooms from OIDC_ROOMS_CLAIM, and nobody else', () => {
    const config = oidcConfig({ OIDC_ROOMS_CLAIM: 'roomwatch.rooms' });
    const claims = { email: 'a@example.com', roomwatch: { rooms: ['proconf:standup'] } };
    const user = userOf(claims, 'sub-1');
    expect(user).toEqual({ sub: 'sub-1', name: 'a@example.com', account: 'a@example.com' });
    expect(identityFor(config, user, ['on-call'], claims)).toEqual({ sub: 'sub-1', role: 'moderator', rooms: ['proconf:standup'], name: 'a@example.com' });
    expect(identityFor(config, user, ['viewer'], claims)).toBeNull();
    expect(identityFor(oidcConfig({ OIDC_MODERATOR_GROUPS: '*' }), userOf({}, 'sub-2'), [], {})).toEqual({ sub: 'sub-2', role: 'moderator', rooms: null, name: 'sub-2' });
  });

  it('builds the redirect URI from PUBLIC_URL, trailing slash or not', () => {
    expect(oidcConfig().redirectUri).toBe('https://rw.example.com/auth/callback');
    expect(oidcConfig({ OIDC_GROUPS_CLAIM: 'realm_access.roles' }).groupsClaim).toBe('realm_access.roles');
  });
});

describe('returnTo', () => {
  it.each([
    ['/calls', '/calls'],
    ['/rooms/proconf/standup?x=1#top', '/rooms/proconf/standup?x=1#top'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['/%0d%0aSet-Cookie:x', '/%0d%0aSet-Cookie:x'],
    ['/a\r\nb', '/'],
    ['calls', '/'],
    ['/auth/login', '/'],
    ['/signin', '/'],
    ['', '/'],
  ])('%j goes to %j', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });
});
