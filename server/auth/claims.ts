import { z } from 'zod';
import type { Identity } from '../../src/contract/dashboard';
import { roleSchema } from '../../src/contract/dashboard';

/** The claims roomwatch reads from a verified JWT; anything else in the token is ignored. */
export const claimsSchema = z.object({
  sub: z.string().min(1).max(256),
  role: roleSchema,
  rooms: z.array(z.string().min(1).max(300)).max(1000).optional(),
  jti: z.string().min(1).max(256).optional(),
  /** The display name of a session started through the identity provider. */
  name: z.string().min(1).max(256).optional(),
});

export function identityFromClaims(claims: z.infer<typeof claimsSchema>): Identity {
  // A moderator without `rooms` may read every room; a participant without `rooms` reads none.
  const rooms = claims.rooms ?? (claims.role === 'moderator' ? null : []);
  return { sub: claims.sub, role: claims.role, rooms, ...(claims.name ? { name: claims.name } : {}) };
}
