import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** A room's first event links to this. */
export const GENESIS_HASH = '0'.repeat(64);

/** An event as it is chained: any JSON object; `hash` and `prevHash` are left out of its canonical form. */
export type ChainInput = { readonly [key: string]: unknown };

/** RFC 8785 (JCS) of the event without `hash` and `prevHash`. */
export function canonicalEvent(event: ChainInput): string {
  const rest: Record<string, unknown> = { ...event };
  delete rest.hash;
  delete rest.prevHash;
  const text = canonicalize(rest);
  if (text === undefined) throw new TypeError('event is not JSON');
  return text;
}

/** Lowercase hex SHA-256 of the UTF-8 bytes of `prevHash + canonical`. */
export function eventHash(prevHash: string, event: ChainInput): string {
  return createHash('sha256').update(prevHash + canonicalEvent(event), 'utf8').digest('hex');
}

/** Chains events (oldest first) after `prevHash`, returning each with its `prevHash` and `hash`. */
export function chain<E extends ChainInput>(events: readonly E[], prevHash = GENESIS_HASH): (E & { prevHash: string; hash: string })[] {
  let prev = prevHash;
  return events.map((event) => {
    const hash = eventHash(prev, event);
    const linked = { ...event, prevHash: prev, hash };
    prev = hash;
    return linked;
  });
}

export type ChainCheck = { ok: true; headHash: string | null } | { ok: false; seq: number | null; reason: string };

/**
 * Walks a segment of a chain (oldest first) and names the first event that does not hold: its
 * hash is not what its content gives, or it does not link to the event before it. A segment may
 * start anywhere (evidence covers one call of a room), so the first `prevHash` is taken as given
 * unless `firstPrevHash` says what it must be.
 */
export function verifyChain(
  events: readonly (ChainInput & { seq?: unknown; prevHash?: unknown; hash?: unknown })[],
  firstPrevHash?: string,
): ChainCheck {
  let prev: string | null = firstPrevHash ?? null;
  let lastSeq: number | null = null;
  for (const event of events) {
    const seq = typeof event.seq === 'number' ? event.seq : null;
    if (seq === null || (lastSeq !== null && seq !== lastSeq + 1)) return { ok: false, seq, reason: 'seq out of order' };
    if (typeof event.prevHash !== 'string' || typeof event.hash !== 'string') return { ok: false, seq, reason: 'hash missing' };
    if (prev !== null && event.prevHash !== prev) return { ok: false, seq, reason: 'does not link to the event before it' };
    if (eventHash(event.prevHash, event) !== event.hash) return { ok: false, seq, reason: 'content does not match its hash' };
    prev = event.hash;
    lastSeq = seq;
  }
  return { ok: true, headHash: prev };
}
