import { z } from 'zod';
import { envelopeSchema } from '../../src/contract/envelope';
import { callIdSchema, providerIdSchema } from '../../src/contract/ids';

/** `:provider/:callId`, checked against the allow-lists before any handler runs. */
export const callParamsSchema = z.object({ provider: providerIdSchema, callId: callIdSchema });
export type CallParams = z.infer<typeof callParamsSchema>;

/** A provider id outside the allow-list names no provider: 404, like one that is not configured. */
export const CALL_ROUTE_CONFIG = { notFoundParams: { provider: 'Not found' } } as const;

/** A route's 200: the success envelope around `data`. */
export function okResponse<S extends z.ZodType>(data: S) {
  return { 200: envelopeSchema(data) };
}
