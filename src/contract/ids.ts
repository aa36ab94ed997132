import { z } from 'zod';

/**
 * A vendor's id: lowercase, starting with a letter, 2 to 32 characters. Open on purpose: a
 * vendor is a server module, and adding one must not touch the contract. Which ids exist is
 * the server's answer to `GET /api/providers`, not a list compiled into this file.
 */
export const PROVIDER_ID_PATTERN = /^[a-z][a-z0-9-]{1,31}$/;
export const providerIdSchema = z.string().regex(PROVIDER_ID_PATTERN);
export type ProviderId = z.infer<typeof providerIdSchema>;

/**
 * The vendors roomwatch ships with. Only for code that must guess before it has asked the
 * server (the browser telling `proconf:room` from a ProCONF room name that holds a colon);
 * everything on the server goes by the configured vendor list instead.
 */
export const BUILTIN_PROVIDER_IDS: readonly ProviderId[] = ['proconf', 'bandwidth', 'cometchat', 'tencent'];

/**
 * The allow-list for anything that names a room or call and may end up in an upstream URL:
 * starts with a letter or digit (so never `.` or `..`), then RFC 3986 unreserved characters
 * plus `:` and `@`, at most 128 characters. `%` is not allowed, so `%2e%2e` can never decode
 * into a dot-segment on the way upstream.
 */
export const ROOM_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._~:@-]{0,127}$/;

export const roomNameSchema = z.string().regex(ROOM_NAME_PATTERN);
export const callIdSchema = roomNameSchema;

/** `provider:callId`, or a bare name meaning ProCONF — the form used in token `rooms` claims. */
export function roomRef(provider: ProviderId, callId: string): string {
  return `${provider}:${callId}`;
}
