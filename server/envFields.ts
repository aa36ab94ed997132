import { z } from 'zod';

/** Field types shared by the core configuration and the vendor modules' env schemas. */

/** Empty or whitespace means unset, as an env file writes it. */
export const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

export const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .optional()
  .or(z.literal('').transform(() => undefined));

/** A requests-per-second limit; unset keeps the vendor's documented one. */
export const optionalRate = z.coerce.number().positive().max(100_000).optional();
