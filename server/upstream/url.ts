import { ROOM_NAME_PATTERN } from '../../src/contract/ids';

/** A path segment we put into a vendor URL: a fixed literal of ours, or a validated id. */
export type PathSegment = string;

export class UnsafePathError extends Error {
  constructor(segment: string) {
    super(`refusing unsafe upstream path segment of length ${segment.length}`);
    this.name = 'UnsafePathError';
  }
}

const LITERAL_SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Joins validated segments onto a base URL, keeping the base's path prefix, and checks the
 * result still has the base's origin and prefix. Ids are checked against the room-name
 * allow-list again here so that no caller can forget; dot-segments and `%` never pass.
 */
export function buildUpstreamUrl(
  base: URL,
  segments: readonly PathSegment[],
  query?: Readonly<Record<string, string>>,
): URL {
  const prefix = base.pathname.replace(/\/+$/, '');
  const encoded = segments.map((segment) => {
    if (!(LITERAL_SEGMENT.test(segment) || ROOM_NAME_PATTERN.test(segment))) {
      throw new UnsafePathError(segment);
    }
    return encodeURIComponent(segment);
  });
  const url = new URL(base.origin);
  url.pathname = `${prefix}/${encoded.join('/')}`;
  if (query) {
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  }
  if (url.origin !== base.origin || !url.pathname.startsWith(`${prefix}/`)) {
    throw new UnsafePathError(url.pathname);
  }
  return url;
}
