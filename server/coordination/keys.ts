import { createHash } from 'node:crypto';

/** Every key and channel roomwatch owns starts with this, so one Redis can serve other tenants too. */
export const PREFIX = 'roomwatch:';

export const CHANNELS = {
  revocations: `${PREFIX}revocations`,
  invalidations: `${PREFIX}invalidations`,
  rooms: `${PREFIX}rooms`,
} as const;

/** A short, stable digest: ids and credentials never appear in Redis as they are. */
export function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 22);
}

/**
 * One bucket per vendor account. `accountIdentity` names the account (e.g. base URL and
 * Bandwidth user id): two deployments of the same account share the budget, two accounts
 * do not. It is hashed, so passing an API key here would not leak it, but prefer an id.
 */
export function bucketKey(provider: string, accountIdentity: string): string {
  return `${PREFIX}bucket:${provider}:${digest(accountIdentity)}`;
}

export function leaseKey(room: string): string {
  return `${PREFIX}lease:${room}`;
}

export const REVOCATIONS_KEY = `${PREFIX}revoked`;

export function signInCodeKey(code: string): string {
  return `${PREFIX}signin:${digest(code)}`;
}

export const RATE_LIMIT_PREFIX = `${PREFIX}ratelimit:`;

/** A watched room's latest observation, as its reader (the lease holder) published it. */
export function latestKey(room: string): string {
  return `${PREFIX}latest:${room}`;
}

/** Set (30 s) while someone reads the room through any instance. */
export function lookedAtKey(room: string): string {
  return `${PREFIX}looked:${room}`;
}

/** Which instance reads a vendor's listing for all (apart from the rooms' leases). */
export function listingLeaseKey(provider: string): string {
  return `${PREFIX}listlease:${provider}`;
}

/** A vendor's last listing, as the instance holding its listing lease read it. */
export function listingKey(provider: string): string {
  return `${PREFIX}listing:${provider}`;
}

/** A vendor-wide resource (e.g. ProCONF's meeting list) as the instance that last read it stored it, with when. */
export function sharedReadKey(name: string): string {
  return `${PREFIX}read:${name}`;
}
