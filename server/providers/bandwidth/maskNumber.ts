const BULLETS = '•••••';

/**
 * A phone number as a participant may see it: `+15555551234` → `+1•••••1234`. The first digit
 * (the start of the country code) and the last four stay, the middle is always five bullets so
 * the length is not told either. SIP addresses keep only their domain (`•••••@example.com`);
 * anything too short to mask usefully, or not a number at all, becomes bullets alone.
 * Moderators see the number as is; this is for share-link viewers.
 */
export function maskPhoneNumber(value: string): string {
  const trimmed = value.trim();
  const sip = /^(?:sips?:)?[^@\s]+@([A-Za-z0-9.-]+)$/.exec(trimmed);
  if (sip) return `${BULLETS}@${sip[1]}`;
  const e164 = /^\+(\d{8,15})$/.exec(trimmed.replace(/[\s().-]/g, ''));
  if (!e164?.[1]) return BULLETS;
  const digits = e164[1];
  return `+${digits.slice(0, 1)}${BULLETS}${digits.slice(-4)}`;
}
