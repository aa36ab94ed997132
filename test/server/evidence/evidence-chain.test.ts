import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalEvent, chain, eventHash, GENESIS_HASH, verifyChain } from '../../../server/evidence/chain';

const events = [
  { seq: 1, at: '2030-01-01T00:00:00.000Z', observedAt: '2030-01-01T00:00:00.000Z', kind: 'watch.started', state: 'active', recording: 'on', transcription: 'off', activeParticipants: 1 },
  { seq: 2, kind: 'participant.joined', participantId: 'ann', name: 'Ann é', at: '2030-01-01T00:00:01.000Z', observedAt: '2030-01-01T00:00:01.000Z' },
  { seq: 3, kind: 'recording', from: 'on', to: 'off', at: '2030-01-01T00:00:02.000Z', observedAt: '2030-01-01T00:00:02.000Z' },
];

describe('hash chain', () => {
  it('canonical form is RFC 8785: sorted keys, no spaces, hash and prevHash left out', () => {
    expect(canonicalEvent({ b: 1, a: 'x', hash: 'h', prevHash: 'p', c: { z: 1.0, y: null } })).toBe('{"a":"x","b":1,"c":{"y":null,"z":1}}');
  });

  it('hash = hex SHA-256 of prevHash + canonical; the first links to 64 zeros', () => {
    const [first] = chain(events);
    expect(first?.prevHash).toBe(GENESIS_HASH);
    const expected = createHash('sha256').update(GENESIS_HASH + canonicalEvent(events[0]!), 'utf8').digest('hex');
    expect(first?.hash).toBe(expected);
    expect(first?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a chained segment verifies; its head is the last hash', () => {
    const linked = chain(events);
    expect(verifyChain(linked, GENESIS_HASH)).toEqual({ ok: true, headHash: linked[2]?.hash });
    expect(verifyChain(linked.slice(1))).toEqual({ ok: true, headHash: linked[2]?.hash });
  });

  it('names the first edited event, whatever field was changed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.string({ minLength: 1 }), (i, text) => {
        const linked = chain(events).map((e) => ({ ...e }));
        const target = linked[i] as Record<string, unknown>;
        target.at = `${String(target.at)}${text}`;
        expect(verifyChain(linked)).toMatchObject({ ok: false, seq: i + 1 });
      }),
    );
  });

  it('a removed event breaks the link at the next one', () => {
    const linked = chain(events);
    expect(verifyChain([linked[0]!, linked[2]!])).toMatchObject({ ok: false, seq: 3 });
  });

  it('re-hashing an edited event still breaks the next link', () => {
    const linked = chain(events).map((e) => ({ ...e }));
    const edited = { ...linked[1]!, name: 'Mallory' };
    edited.hash = eventHash(edited.prevHash, edited);
    expect(verifyChain([linked[0]!, edited, linked[2]!])).toMatchObject({ ok: false, seq: 3 });
  });
});
