import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Equality that takes the same time wherever the inputs first differ. `timingSafeEqual`
 * throws on unequal lengths (and comparing lengths first would leak the length), so both sides
 * are hashed to 32 bytes first. A SHA-256 collision is not a practical concern here.
 */
export function constantTimeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}
