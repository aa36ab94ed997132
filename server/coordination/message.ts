import type { z } from 'zod';

/**
 * A pub/sub message from another instance, checked against its schema: Redis is shared, so a
 * message that is not JSON or not of the expected shape is ignored, never trusted.
 */
export function parseMessage<S extends z.ZodType>(schema: S, message: string): z.output<S> | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(message);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
