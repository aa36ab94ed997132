import { z } from 'zod';

/** Every BFF answer, success or failure, is one of these two shapes; HTTP status equals error.code. */
export const apiErrorSchema = z.object({
  code: z.number().int(),
  message: z.string(),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

export const errorEnvelopeSchema = z.object({
  data: z.null(),
  error: apiErrorSchema,
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

/** The one place an error envelope is built; the HTTP status must equal `code`. */
export function errorEnvelope(code: number, message: string): ErrorEnvelope {
  return { data: null, error: { code, message } };
}

export function envelopeSchema<T extends z.ZodType>(data: T) {
  return z.object({ error: z.null(), data });
}
