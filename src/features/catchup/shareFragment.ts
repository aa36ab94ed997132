/** The share link's token travels in the fragment (`#share=<jwt>`), which browsers never send to servers. */
export function readShareToken(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('share');
  return token && token.trim() !== '' ? token.trim() : null;
}

/** Takes the token out of the address bar and history, so it is not bookmarked or shared on. */
export function dropFragment(): void {
  const { pathname, search } = window.location;
  window.history.replaceState(window.history.state, '', `${pathname}${search}`);
}
