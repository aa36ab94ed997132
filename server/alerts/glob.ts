import { CALL_ID_GLOB_PATTERN } from '../../src/contract/alerts';

/**
 * A call-id glob as a matcher: `*` any run (also empty), `?` one character, everything else
 * literal. Matched by hand rather than turned into a RegExp, so no glob can inject a pattern or
 * backtrack: the two-pointer walk is linear-times-length at worst.
 */
export function globMatcher(glob: string): (callId: string) => boolean {
  if (!CALL_ID_GLOB_PATTERN.test(glob)) throw new Error('not a call-id glob');
  return (text) => matches(glob, text);
}

export function matches(glob: string, text: string): boolean {
  let g = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    const c = glob[g];
    if (c === '?' || (c !== undefined && c !== '*' && c === text[t])) {
      g += 1;
      t += 1;
    } else if (c === '*') {
      star = g;
      resume = t;
      g += 1;
    } else if (star >= 0) {
      g = star + 1;
      resume += 1;
      t = resume;
    } else {
      return false;
    }
  }
  while (glob[g] === '*') g += 1;
  return g === glob.length;
}
