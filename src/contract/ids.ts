import { z } from 'zod';

export const PROVIDER_IDS = ['proconf', 'bandwidth', 'cometchat', 'tencent'] as const;
export const providerIdSchema = z.enum(PROVIDER_IDS);
export type ProviderId = z.infer<typeof providerIdSchema>;

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
