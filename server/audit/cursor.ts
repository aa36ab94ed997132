import { z } from 'zod';

const positionSchema = z.object({ at: z.string().min(1).max(40), id: z.string().min(1).max(64) });
export type Position = z.infer<typeof positionSchema>;

/** An opaque page cursor: the last entry's position, base64url JSON. */
export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');
}

/** The position a cursor names, or null for one this server did not make. */
export function decodeCursor(cursor: string): Position | null {
  try {
    const raw: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(raw)) return null;
    const parsed = positionSchema.safeParse({ at: raw[0], id: raw[1] });
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
