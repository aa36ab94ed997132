import fc from 'fast-check';
import { BUILTIN_VENDORS } from '../../../server/providers/catalog';

/** Strings meant to break out of a path segment, a query value or an allow-list. */
export const NASTY = [
  '', ' ', '.', '..', '...', '%2e', '%2e%2e', '%2E%2E', '.%2e', '%252e%252e', '..%2f', '..%2F..%2Fmeetings', '%2f', '%5c', '\\..\\',
  '../meetings', '../../__sim/faults/proconf', 'standup/../../meetings', 'standup/..', 'standup%2F..%2F..%2Fmeetings', 'standup%00',
  '%00', '\u0000', '\u202e', 'é', '😀', 'a'.repeat(129), 'a'.repeat(300), '%', '%zz', '%%', 'standup?x=1', 'standup#frag', '::',
  '@evil.example', 'http://evil.example/', '//evil.example', 'standup;x', 'standup,x', '*', '$(id)', '<script>', '{"a":1}',
  'constructor', '__proto__', 'prototype', 'toString', 'standup ', ' standup', 'STANDUP', 'standup\n', 'standup\r\nX-Evil: 1',
];

/** A hostile room or call id: crafted, random unicode, or random over URL syntax characters. */
export const hostileName = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ maxLength: 60, unit: 'grapheme' }),
  fc.string({ maxLength: 40, unit: fc.constantFrom('.', '/', '%', '2', 'e', 'E', 'f', 'F', '5', 'c', 'a', ':', '@', '~', '-', '_', '\\', ';', '&', '=') }),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._~:@-]{0,20}$/),
  fc.constantFrom('standup', 'design-review', 'all-hands', 'incident-2291'),
);

export const hostileProvider = fc.oneof(fc.constantFrom(...BUILTIN_VENDORS.map((vendor) => vendor.id)), hostileName);

/**
 * A path segment as a client might send it: properly encoded, or raw. `inject` parses the URL
 * first, so raw only where a WHATWG URL keeps it as it is (no `\\`, `?`, `#`); the real-socket
 * property in property-input.test.ts sends the rest raw.
 */
export const asSegment = (name: string, raw: boolean): string =>
  raw && /^[\x21-\x7e]*$/.test(name) && !/[?#\\]/.test(name) ? name : encodeURIComponent(name);

/** Raw over the wire: any visible ASCII, so `\\`, `%`, `..` and friends arrive exactly as written. */
export const asRawSegment = (name: string): string => (/^[\x21-\x7e]*$/.test(name) ? name.replace(/[?#]/g, encodeURIComponent) : encodeURIComponent(name));

/** Header values a client can put on the wire: visible ASCII, spaces and tabs. */
export const headerValue = fc.string({ maxLength: 200, unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });
export const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/);
