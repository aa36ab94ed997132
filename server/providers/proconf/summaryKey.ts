/**
 * `file_url` comes from the admin backend and names an object in our bucket. Only a plain
 * relative key is read: no scheme, host or leading `/` (which could point the SDK elsewhere or
 * at another bucket), no `.` or `..` segment, no backslash, no control or odd characters.
 */
const KEY_PATTERN = /^[A-Za-z0-9!_.*'()~+=@,;:-]+(?:\/[A-Za-z0-9!_.*'()~+=@,;:-]+)*$/;
const MAX_KEY_LENGTH = 1024;

export function isPlainSummaryKey(fileUrl: string): boolean {
  if (fileUrl.length === 0 || fileUrl.length > MAX_KEY_LENGTH) return false;
  if (!KEY_PATTERN.test(fileUrl)) return false;
  // `s3:x`, `https:foo`: a scheme even without `//`.
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(fileUrl)) return false;
  return fileUrl.split('/').every((segment) => segment !== '.' && segment !== '..');
}
