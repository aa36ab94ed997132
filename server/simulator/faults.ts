import { z } from 'zod';

/**
 * Ways a simulated vendor can misbehave, so tests and the bench can see what the BFF does
 * when a vendor is down, slow, rude or overloaded.
 */
export const faultModeSchema = z.enum([
  'none',
  'down', // the connection is dropped without an answer
  'hang', // never answers (until the simulator closes)
  'slow', // answers normally after delayMs
  'error500', // HTTP 500 with the vendor's error body
  'garbage', // HTTP 200 with a body that is not JSON
  'wrong-shape', // HTTP 200 with JSON of the wrong shape
  'rate-limit', // the vendor's own rate-limit answer
]);
export type FaultMode = z.infer<typeof faultModeSchema>;

export const faultSchema = z.object({
  mode: faultModeSchema,
  delayMs: z.number().int().min(0).max(60_000).default(0),
  /** For rate-limit: how long the vendor asks us to wait. */
  retryAfterMs: z.number().int().min(0).max(600_000).default(1000),
});
export type Fault = z.infer<typeof faultSchema>;

export const NO_FAULT: Fault = { mode: 'none', delayMs: 0, retryAfterMs: 1000 };
