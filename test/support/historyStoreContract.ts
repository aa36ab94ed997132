import { afterEach, describe, expect, it } from 'vitest';
import type { CallRecord, CallsQuery, ProviderId } from '../../src/contract';
import { InvalidCursorError, InvalidWriteError, SeqConflictError } from '../../server/history/errors';
import type { HistoryStore, RoomRef } from '../../server/history/store';
import { policyRepository } from '../../server/assurance/policyRepository';
import { GENESIS_HASH, verifyChain } from '../../server/evidence/chain';
import { chainRepository } from '../../server/evidence/hashStore';
import type { ClosableHistoryStore } from './databaseStores';
import { joined, record, recordingTurned, roomWrite, snapshot } from './historyFixtures';

/** A place to keep history (a temp dir, a database) and a way to open stores on it. */
export interface StoreLocation {
  /** Opens the database on this location (migrating it) and a store on it: a restart, or a second instance. */
  open(): Promise<ClosableHistoryStore>;
}

/**
 * The behaviour every history store promises, run against each implementation. `fresh` gives an
 * empty location per test.
 */
export function historyStoreContract(kind: HistoryStore['kind'], fresh: () => Promise<StoreLocation>): void {
  const opened: ClosableHistoryStore[] = [];
  const open = async (location: StoreLocation) => {
    const store = await location.open();
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  const room: RoomRef = { provider: 'proconf', callId: 'standup' };
  const query = (q: Partial<CallsQuery>): CallsQuery => ({ status: 'all', limit: 50, ...q });

  describe(`${kind} history store`, () => {
    it('is the kind it says', async () => {
      expect((await open(await fresh())).kind).toBe(kind);
    });

    it('numbers events 1, 2, 3… per room and reads them back in order, paged', async () => {
      const store = await open(await fresh());
      const first = await store.write(roomWrite(room, [joined('alice'), joined('bob')]));
      const second = await store.write(roomWrite(room, [recordingTurned('on')]));
      const other = await store.write(roomWrite({ provider: 'tencent', callId: 'standup' }, [joined('carol')]));
      expect(first.map((e) => e.seq)).toEqual([1, 2]);
      expect(second.map((e) => e.seq)).toEqual([3]);
      expect(other.map((e) => e.seq)).toEqual([1]);
      expect(first[0]).toMatchObject({ kind: 'participant.joined', participantId: 'alice', name: 'ALICE' });

      expect(await store.events(room, 0, 2)).toEqual(first);
      expect(await store.events(room, 2, 100)).toEqual(second);
      expect(await store.events(room, 3, 100)).toEqual([]);
      expect((await store.latestEvents(room, 2)).map((e) => e.seq)).toEqual([2, 3]);
    });

    it('keeps the record, the last snapshot and the last seq together', async () => {
      const store = await open(await fresh());
      expect(await store.room(room)).toBeUndefined();
      const ended = record('proconf', 'standup', { state: 'ended', endedAt: '2026-11-20T11:00:00.000Z', durationSec: 3600 });
      await store.write(roomWrite(room, [joined('alice')]));
      await store.write(roomWrite(room, [], { record: ended, lastSnapshot: null }));
      expect(await store.room(room)).toEqual({ record: ended, lastSnapshot: null, lastSeq: 1 });
      await store.write(roomWrite(room, [recordingTurned('off')]));
      expect(await store.room(room)).toEqual({ record: record('proconf', 'standup'), lastSnapshot: snapshot('proconf', 'standup'), lastSeq: 2 });
    });

    it('continues seq after close and reopen, never reusing one', async () => {
      const location = await fresh();
      const before = await open(location);
      await before.write(roomWrite(room, [joined('alice'), joined('bob'), recordingTurned('on')]));
      await before.close();
      const after = await open(location);
      const written = await after.write(roomWrite(room, [recordingTurned('off'), joined('carol')]));
      expect(written.map((e) => e.seq)).toEqual([4, 5]);
      const seqs = (await after.events(room, 0, 100)).map((e) => e.seq);
      expect(seqs).toEqual([1, 2, 3, 4, 5]);
    });

    it('migrations run again without effect: data survives opening the database twice more', async () => {
      const location = await fresh();
      const store = await open(location);
      await store.write(roomWrite(room, [joined('alice')]));
      await open(location);
      const again = await open(location);
      expect((await again.room(room))?.lastSeq).toBe(1);
    });

    it('two writers racing for the same seqs: one wins, the other fails, nothing is written twice', async () => {
      const location = await fresh();
      const one = await open(location);
      const two = await open(location);
      await one.write(roomWrite(room, [joined('alice')], { afterSeq: 0 }));
      const seen = (await two.room(room))?.lastSeq ?? -1;
      expect(seen).toBe(1);
      const results = await Promise.allSettled([
        one.write(roomWrite(room, [recordingTurned('on')], { afterSeq: seen })),
        two.write(roomWrite(room, [recordingTurned('on')], { afterSeq: seen, record: record('proconf', 'standup', { peakParticipants: 9 }) })),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]?.status === 'rejected' && lost[0].reason).toBeInstanceOf(SeqConflictError);
      const events = await one.events(room, 0, 100);
      expect(events.map((e) => e.seq)).toEqual([1, 2]);
      // The loser's write left nothing behind: not its events, not its record.
      const stored = await one.room(room);
      const winner = results[0]?.status === 'fulfilled' ? 2 : 9;
      expect(stored?.record.peakParticipants).toBe(winner);
    });

    it('a new room written by two writers at once gets one seq 1, not two', async () => {
      const location = await fresh();
      const one = await open(location);
      const two = await open(location);
      const results = await Promise.allSettled([
        one.write(roomWrite(room, [joined('alice')], { afterSeq: 0 })),
        two.write(roomWrite(room, [joined('alice')], { afterSeq: 0 })),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await one.events(room, 0, 100)).map((e) => e.seq)).toEqual([1]);
    });

    it('a writer that saw an older seq is refused', async () => {
      const store = await open(await fresh());
      await store.write(roomWrite(room, [joined('alice'), joined('bob')]));
      await expect(store.write(roomWrite(room, [joined('carol')], { afterSeq: 1 }))).rejects.toBeInstanceOf(SeqConflictError);
      expect((await store.room(room))?.lastSeq).toBe(2);
    });

    it('refuses a write that does not fit the contract and writes none of it', async () => {
      const store = await open(await fresh());
      await store.write(roomWrite(room, [joined('alice')]));
      const elsewhere = record('tencent', 'other-room');
      await expect(store.write(roomWrite(room, [joined('bob')], { record: elsewhere }))).rejects.toBeInstanceOf(InvalidWriteError);
      const badTime = { ...joined('carol'), at: 'yesterday' };
      await expect(store.write(roomWrite(room, [joined('dave'), badTime]))).rejects.toBeInstanceOf(InvalidWriteError);
      expect((await store.events(room, 0, 100)).map((e) => e.seq)).toEqual([1]);
      expect((await store.room(room))?.record).toEqual(record('proconf', 'standup'));
    });

    describe('listCalls', () => {
      const at = (minute: number) => `2026-11-20T10:${String(minute).padStart(2, '0')}:00.000Z`;
      const calls: [ProviderId, string, number, CallRecord['state']][] = [
        ['proconf', 'Standup-Daily', 1, 'ended'],
        ['tencent', 'room_42', 2, 'active'],
        ['bandwidth', 'c-ROOMX42', 3, 'active'],
        ['cometchat', 'sales%review', 4, 'ended'],
        ['proconf', 'board', 5, 'ringing'],
        ['tencent', 'tie-a', 6, 'active'],
        ['proconf', 'tie-b', 6, 'active'],
      ];
      const seed = async () => {
        const store = await open(await fresh());
        for (const [provider, callId, minute, state] of calls) {
          const r = record(provider, callId, { watchedSince: at(minute), state, lastObservedAt: at(minute + 1) });
          await store.write(roomWrite({ provider, callId }, [joined('alice')], { record: r }));
        }
        return store;
      };
      const ids = (page: { calls: CallRecord[] }) => page.calls.map((c) => c.callId);

      it('lists newest first and pages through all of them with the cursor, each once', async () => {
        const store = await seed();
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await store.listCalls(query({ limit: 3, cursor }));
          seen.push(...ids(page));
          cursor = page.nextCursor ?? undefined;
          pages += 1;
        } while (cursor && pages < 10);
        expect(pages).toBe(3);
        // Equal watchedSince: then provider, then call id, both descending.
        expect(seen).toEqual(['tie-a', 'tie-b', 'board', 'sales%review', 'c-ROOMX42', 'room_42', 'Standup-Daily']);
        expect((await store.listCalls(query({ limit: 7 }))).nextCursor).toBeNull();
      });

      it('filters by status and provider', async () => {
        const store = await seed();
        expect(ids(await store.listCalls(query({ status: 'ended' })))).toEqual(['sales%review', 'Standup-Daily']);
        expect(ids(await store.listCalls(query({ status: 'live' })))).toEqual(['tie-a', 'tie-b', 'board', 'c-ROOMX42', 'room_42']);
        expect(ids(await store.listCalls(query({ provider: 'proconf' })))).toEqual(['tie-b', 'board', 'Standup-Daily']);
        expect(ids(await store.listCalls(query({ provider: 'proconf', status: 'live' })))).toEqual(['tie-b', 'board']);
      });

      it('searches call ids case-insensitively, taking % and _ literally', async () => {
        const store = await seed();
        expect(ids(await store.listCalls(query({ q: 'roomx' })))).toEqual(['c-ROOMX42']);
        expect(ids(await store.listCalls(query({ q: 'STANDUP' })))).toEqual(['Standup-Daily']);
        expect(ids(await store.listCalls(query({ q: '42' })))).toEqual(['c-ROOMX42', 'room_42']);
        expect(ids(await store.listCalls(query({ q: 'm_4' })))).toEqual(['room_42']);
        expect(ids(await store.listCalls(query({ q: '%' })))).toEqual(['sales%review']);
        expect(ids(await store.listCalls(query({ q: 'nothing-like-this' })))).toEqual([]);
      });

      it('refuses a cursor it did not issue', async () => {
        const store = await seed();
        for (const cursor of ['not a cursor', 'e30', Buffer.from('["yesterday","proconf","x"]').toString('base64url')]) {
          await expect(store.listCalls(query({ cursor }))).rejects.toBeInstanceOf(InvalidCursorError);
        }
      });

      it('open rooms are the ones not ended', async () => {
        const store = await seed();
        const open = await store.openRooms();
        expect(open.map((r) => `${r.provider}/${r.callId}`).sort()).toEqual(
          ['bandwidth/c-ROOMX42', 'proconf/board', 'proconf/tie-b', 'tencent/room_42', 'tencent/tie-a'].sort(),
        );
      });
    });

    it('prunes calls last seen before the cutoff, with their events, and keeps the rest', async () => {
      const store = await open(await fresh());
      const old: RoomRef = { provider: 'proconf', callId: 'old' };
      const recent: RoomRef = { provider: 'proconf', callId: 'recent' };
      const unseen: RoomRef = { provider: 'tencent', callId: 'unseen' };
      await store.write(roomWrite(old, [joined('alice')], { record: record('proconf', 'old', { state: 'ended', lastObservedAt: '2026-10-01T00:00:00.000Z' }) }));
      await store.write(roomWrite(recent, [joined('bob')], { record: record('proconf', 'recent', { lastObservedAt: '2026-11-20T00:00:00.000Z' }) }));
      // Never observed: its watchedSince stands in for the last sighting.
      await store.write(
        roomWrite(unseen, [], { record: record('tencent', 'unseen', { watchedSince: '2026-09-01T00:00:00.000Z', lastObservedAt: null }) }),
      );
      expect(await store.prune(new Date('2026-11-01T00:00:00.000Z'), new Date('2026-11-21T00:00:00.000Z'))).toBe(2);
      expect(await store.room(old)).toBeUndefined();
      expect(await store.room(unseen)).toBeUndefined();
      expect(await store.events(old, 0, 100)).toEqual([]);
      expect((await store.events(recent, 0, 100)).map((e) => e.seq)).toEqual([1]);
      expect(await store.prune(new Date('2026-11-01T00:00:00.000Z'), new Date('2026-11-21T00:00:00.000Z'))).toBe(0);
    });

    it('keeps a governed call retainDays after it ends whatever the cutoff, its chain whole; then prunes it with its governance', async () => {
      const store = await open(await fresh());
      const policies = policyRepository(store.database);
      const ago = (days: number) => new Date(Date.now() - days * 86_400_000);
      const governed: RoomRef = { provider: 'proconf', callId: 'governed' };
      const plain: RoomRef = { provider: 'proconf', callId: 'plain' };
      const endedAgo = (callId: string, days: number) => record('proconf', callId, { state: 'ended', lastObservedAt: ago(days).toISOString() });
      await store.write(roomWrite(governed, [joined('alice'), joined('bob')], { record: endedAgo('governed', 20) }));
      await store.write(roomWrite(governed, [recordingTurned('off')], { record: endedAgo('governed', 20) }));
      await store.write(roomWrite(plain, [joined('carol')], { record: endedAgo('plain', 20) }));
      await policies.govern(governed, { policyId: 'p', require: { recording: true, transcription: false }, graceSec: 60, retainDays: 30, governedAt: ago(21).toISOString() });
      await policies.govern(plain, null);

      // HISTORY_DAYS 7: both are past it; the governed one is 20 days into its 30.
      expect(await store.prune(ago(7), ago(0))).toBe(1);
      expect(await store.room(plain)).toBeUndefined();
      expect(await policies.governanceOf(plain)).toBeUndefined();
      expect((await store.events(governed, 0, 100)).map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(verifyChain(await chainRepository(store.database).chained(governed), GENESIS_HASH)).toMatchObject({ ok: true });

      // Eleven days on, its 30 days are over: it goes, governance and all.
      expect(await store.prune(ago(7), ago(-11))).toBe(1);
      expect(await store.room(governed)).toBeUndefined();
      expect(await store.events(governed, 0, 100)).toEqual([]);
      expect(await policies.governanceOf(governed)).toBeUndefined();
    });

    it('answers ping while open and not after close', async () => {
      const store = await open(await fresh());
      expect(await store.ping()).toBe(true);
      await store.close();
      expect(await store.ping()).toBe(false);
    });
  });
}
