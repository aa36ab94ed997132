import { z } from 'zod';

/**
 * `GET /auth/sign-in-options`: what the sign-in page may offer, before anyone is signed in.
 * `oidc` is null when sign-in with an identity provider is not configured; `available` is false
 * while the BFF cannot reach the provider (the page then says so instead of sending people to it).
 */
export const signInOptionsSchema = z.object({
  oidc: z
    .object({
      displayName: z.string(),
      available: z.boolean(),
    })
    .nullable(),
});
export type SignInOptions = z.infer<typeof signInOptionsSchema>;

/** `POST /auth/sign-out`: `endSessionUrl` ends the IdP's session too, when it offers RP-initiated logout. */
export const signedOutSchema = z.object({
  signedOut: z.literal(true),
  endSessionUrl: z.string().nullable(),
});
export type SignedOut = z.infer<typeof signedOutSchema>;
