/**
 * Tokens in links travel in the fragment (`#share=<jwt>`, `#token=<jwt>`), which browsers never
 * send to servers or in a Referer. These read one and take it out of the address bar.
 */
export function readFragmentToken(hash: string, name: 'share' | 'token'): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get(name);
  return token && token.trim() !== '' ? token.trim() : null;
}

/** Takes the token out of the address bar and history, so it is not bookmarked or shared on. */
export function dropFragment(): void {
  const { pathname, search } = window.location;
  window.history.replaceState(window.history.state, '', `${pathname}${search}`);
}
