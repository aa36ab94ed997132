import { constantTimeEqual } from './constantTime';

export interface BasicCredentials {
  username: string;
  password: string;
}

/** A type alias, not an interface, so it is assignable to HTTP clients' header records. */
export type BasicAuthHeaders = {
  'content-type': 'application/json';
  authorization: string;
};

/** The one canonical `Authorization` value for these credentials (RFC 7617, UTF-8). */
export function basicAuthorization(credentials: BasicCredentials): string {
  const token = Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64');
  return `Basic ${token}`;
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' };

/**
 * Checks an `Authorization: Basic …` header against the configured credentials. The token is
 * compared as text with the canonical encoding rather than decoded first: Node's base64
 * decoder skips characters it does not know, so decoding would accept headers that differ
 * from the real one. The scheme name is case-insensitive (RFC 7235).
 */
export function verifyBasicAuth(header: string | string[] | undefined, expected: BasicCredentials): VerifyResult {
  if (header === undefined || header === '') return { ok: false, reason: 'missing' };
  if (Array.isArray(header)) return { ok: false, reason: 'malformed' };
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space).toLowerCase() !== 'basic') return { ok: false, reason: 'malformed' };
  const given = header.slice(space + 1);
  const wanted = basicAuthorization(expected).slice('Basic '.length);
  return constantTimeEqual(given, wanted) ? { ok: true } : { ok: false, reason: 'mismatch' };
}

/** The sender's side: the headers of a webhook authenticated with these credentials. */
export function basicAuthHeaders(credentials: BasicCredentials): BasicAuthHeaders {
  return { 'content-type': 'application/json', authorization: basicAuthorization(credentials) };
}

/**
 * A vendor's webhook Basic credentials from `<PREFIX>_USER` and `<PREFIX>_PASSWORD`: both or
 * neither; with neither the receiver stays off (`secret` undefined).
 */
export function basicWebhookFromEnv(
  prefix: string,
  username: string | undefined,
  password: string | undefined,
): { ok: true; secret: BasicCredentials | undefined } | { ok: false; problems: string[] } {
  if (username === undefined && password === undefined) return { ok: true, secret: undefined };
  if (username === undefined || password === undefined) {
    const missing = username === undefined ? `${prefix}_USER` : `${prefix}_PASSWORD`;
    return { ok: false, problems: [`${missing}: required with the other of ${prefix}_USER/${prefix}_PASSWORD`] };
  }
  if (username.includes(':')) return { ok: false, problems: [`${prefix}_USER: must not contain ':' (HTTP Basic)`] };
  return { ok: true, secret: { username, password } };
}
