/**
 * Where to go after sign-in: a path on this site only. Anything else (another origin, a
 * protocol-relative `//host`, a backslash trick, control characters, or nothing) goes to `/`.
 */
export function safeReturnTo(candidate: unknown): string {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 2048) return '/';
  if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.includes('\\')) return '/';
  if (/[\u0000-\u001f\u007f]/.test(candidate)) return '/';
  const base = 'http://roomwatch.invalid';
  let url: URL;
  try {
    url = new URL(candidate, base);
  } catch {
    return '/';
  }
  if (url.origin !== base) return '/';
  // Back to the sign-in machinery would loop.
  if (url.pathname.startsWith('/auth/') || url.pathname === '/signin') return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
