import { z } from 'zod';
import { providerIdSchema, type ProviderId } from '../../src/contract';
import { InvalidCursorError } from './errors';

/** The sort key of the last call on a page: `GET /api/calls` continues strictly after it. */
export interface CallsCursor {
  watchedSince: string;
  provider: ProviderId;
  callId: string;
}

const cursorSchema = z.tuple([z.iso.datetime(), providerIdSchema, z.string()]);

export function encodeCallsCursor(cursor: CallsCursor): string {
  return Buffer.from(JSON.stringify([cursor.watchedSince, cursor.provider, cursor.callId])).toString('base64url');
}

/** Throws InvalidCursorError for anything encodeCallsCursor did not produce (the route's 400). */
export function parseCallsCursor(text: string): CallsCursor {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new InvalidCursorError();
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const parsed = cursorSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidCursorError();
  const [watchedSince, provider, callId] = parsed.data;
  return { watchedSince: sortableTime(watchedSince), provider, callId };
}

/**
 * ISO times as fixed-width text (`2026-01-02T03:04:05.678Z`) so that text order is time order in
 * both stores: `…05Z` and `…05.5Z` as given would sort the wrong way round.
 */
export function sortableTime(iso: string): string {
  return new Date(iso).toISOString();
}

/** `q` as a LIKE pattern matching a case-insensitive substring, with `%`, `_` and `\` taken literally. */
export function containsPattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
