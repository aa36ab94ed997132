import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { evidencePayloadSchema } from '../../src/contract/assurance';
import { roomEventSchema, type RoomEvent } from '../../src/contract/history';
import { assessCall } from '../assurance/fold';
import { basisOf } from '../assurance/callEvents';
import { GENESIS_HASH, verifyChain } from './chain';

/** The verifier's answer: 0 valid, 1 invalid (first bad seq, `signature` or `figures`), 2 usage or input problem. */
export interface VerifyOutcome {
  code: 0 | 1 | 2;
  line: string;
}

const jwksSchema = z.object({ keys: z.array(z.looseObject({ kid: z.string().optional(), kty: z.string() })) });

const invalid = (line: string): VerifyOutcome => ({ code: 1, line: `invalid: ${line}` });
const problem = (line: string): VerifyOutcome => ({ code: 2, line: `error: ${line}` });

/**
 * Checks evidence as a stranger would: the signature against the published keys (any JOSE library
 * does the same), then the chain link by link, then the figures recomputed from the events.
 */
export async function verifyEvidence(jws: string, jwks: unknown): Promise<VerifyOutcome> {
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(jws);
    if (header.alg !== 'EdDSA') return problem(`not EdDSA evidence (alg ${String(header.alg)})`);
    kid = header.kid;
  } catch {
    return problem('the file is not a compact JWS');
  }
  const keys = jwksSchema.safeParse(jwks);
  if (!keys.success) return problem('the JWKS is not a JWK set');
  const jwk = keys.data.keys.find((k) => k.kid === kid);
  if (!jwk || kid === undefined) return problem(`unknown kid ${kid ?? '(none)'}: not in the JWKS`);
  let payloadBytes: Uint8Array;
  try {
    const key = await importJWK(jwk as JWK, 'EdDSA');
    payloadBytes = (await compactVerify(jws, key, { algorithms: ['EdDSA'] })).payload;
  } catch {
    return invalid('signature');
  }
  let parsed: z.infer<typeof evidencePayloadSchema>;
  try {
    parsed = evidencePayloadSchema.parse(JSON.parse(new TextDecoder().decode(payloadBytes)));
  } catch {
    return problem('the signed payload is not roomwatch evidence');
  }
  const { events } = parsed;
  const firstPrev = events[0]?.seq === 1 ? GENESIS_HASH : undefined;
  const chainCheck = verifyChain(events, firstPrev);
  if (!chainCheck.ok) return invalid(`seq ${chainCheck.seq ?? '?'} (${chainCheck.reason})`);
  if (chainCheck.headHash !== parsed.headHash) return invalid(`seq ${events.at(-1)?.seq ?? '?'} (headHash does not match)`);
  const roomEvents: RoomEvent[] = [];
  for (const event of events) {
    const one = roomEventSchema.safeParse(event);
    if (!one.success) return invalid(`seq ${event.seq} (not a room event)`);
    roomEvents.push(one.data);
  }
  const basis = basisOf(roomEvents, parsed.basis.governance, parsed.basis.listsParticipants, Date.parse(parsed.basis.asOf));
  if (basis.vendorStartedAt !== parsed.basis.vendorStartedAt || !isDeepStrictEqual(assessCall(roomEvents, basis), parsed.assurance)) {
    return invalid('figures');
  }
  const a = parsed.assurance;
  const range = events.length > 0 ? `seq ${events[0]?.seq}–${events.at(-1)?.seq}` : 'no events';
  const coverage = a.coverage === null ? 'n/a' : `${(a.coverage * 100).toFixed(1)}%`;
  return {
    code: 0,
    line: `valid: ${parsed.provider}:${parsed.callId}, ${events.length} events (${range}), ${a.verdict}, coverage ${coverage}, ${parsed.complete ? 'complete' : 'live (incomplete)'}, key ${kid}`,
  };
}
