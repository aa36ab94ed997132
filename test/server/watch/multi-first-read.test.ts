import { describe, expect, it } from 'vitest';
import type { RoomRef } from '../../../server/history/store';
import { createLatestBoard } from '../../../server/watch/latest';
import { createRoomReader } from '../../../server/watch/reader';
import type { SharedLatest } from '../../../server/watch/shared';
import { snapshotOf } from '../../support/injectApp';

/**
 * Several instances, a viewer's first read of a room this instance tracks but nobody holds yet
 * (it just appeared in a listing): the watcher here takes it and reads it as its holder, so the
 * vendor gets the holder's read and no second one beside it.
 */
const room: RoomRef = { provider: 'cometchat', callId: 'just-listed' };

function setup() {
  const board = createLatestBoard();
  let published: SharedLatest | undefined;
  const counts = { vendor: 0, asHolder: 0 };
  const reader = createRoomReader({
    board,
    getSnapshot: async (ref) => {
      counts.vendor += 1;
      return snapshotOf(ref);
    },
    getCatchUp: async () => undefined,
    watches: () => false,
    tracks: () => true,
    shared: { active: () => true, fetch: async () => published, heldElsewhere: async () => false },
    readAsHolder: async (ref) => {
      counts.asHolder += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      const snapshot = snapshotOf(ref);
      board.putSnapshot(ref, snapshot);
      published = { snapshot, catchUp: undefined };
    },
  });
  return { reader, counts };
}

describe('a first read with several instances', () => {
  it('is the watcher’s read as the room’s holder, once for concurrent viewers, and none beside it', async () => {
    const { reader, counts } = setup();
    const answers = await Promise.all([reader.snapshot(room), reader.snapshot(room), reader.snapshot(room)]);
    expect(answers.map((answer) => answer.callId)).toEqual([room.callId, room.callId, room.callId]);
    expect(counts).toEqual({ vendor: 0, asHolder: 1 });
    await reader.snapshot(room);
    expect(counts).toEqual({ vendor: 0, asHolder: 1 });
  });
});
