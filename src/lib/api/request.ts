import { z } from 'zod';
import { envelopeSchema, errorEnvelopeSchema } from '../../contract';
import { ApiError } from './ApiError';

/** Built once: every poll of every card goes through it. */
const anyEnvelopeSchema = envelopeSchema(z.unknown());

function retryAfterMs(response: Response): number | null {
  const header = response.headers.get('retry-after');
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/**
 * Sends one request to the BFF and returns the envelope's `data`, parsed with the contract
 * schema. Anything else (no answer, an error envelope, a body that does not match) throws an
 * ApiError, so query functions never hand unchecked JSON to components.
 */
export async function requestData<T extends z.ZodType>(
  path: string,
  schema: T,
  init: { method?: 'GET' | 'POST' | 'PATCH' | 'DELETE'; body?: unknown; signal?: AbortSignal } = {},
): Promise<z.infer<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: init.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    });
  } catch (error) {
    // An abort is TanStack Query cancelling a superseded request: let it through untouched.
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'No answer from the server');
  }

  return parseAnswer(response, schema);
}

/** A BFF answer's `data`, parsed with its contract schema; anything else throws an ApiError. */
export async function parseAnswer<T extends z.ZodType>(response: Response, schema: T): Promise<z.infer<T>> {
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new ApiError(response.ok ? 502 : response.status, `Unreadable answer (HTTP ${response.status})`, retryAfterMs(response));
  }

  if (!response.ok) {
    const failure = errorEnvelopeSchema.safeParse(json);
    const message = failure.success ? failure.data.error.message : `HTTP ${response.status}`;
    throw new ApiError(response.status, message, retryAfterMs(response));
  }
  const envelope = anyEnvelopeSchema.safeParse(json);
  const data = envelope.success ? schema.safeParse(envelope.data.data) : null;
  if (!data?.success) throw new ApiError(502, 'The server answered in an unexpected shape');
  return data.data;
}
