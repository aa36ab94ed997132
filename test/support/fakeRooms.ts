import type { CallSnapshot } from '../../src/contract/snapshot';
import type { RoomRef } from '../../server/history/store';
import type { Clock } from '../../server/watch/clock';
import type { ListedRoom } from '../../server/watch/watcher';

type Room = Omit<CallSnapshot, 'provider' | 'callId' | 'observedAt' | 'stale'>;

const idOf = (room: RoomRef) => `${room.provider}:${room.callId}`;

/**
 * A vendor's rooms for the watcher, changed by the test between polls. Each read is counted and
 * stamped with the clock; a room can be made to fail or to hold its answer until released.
 */
export class FakeRooms {
  readonly reads = new Map<string, number>();
  private readonly rooms = new Map<string, Room>();
  private readonly failures = new Map<string, unknown>();
  private held: (() => void)[] | undefined;
  listed: ListedRoom[] = [];

  constructor(private readonly clock: Clock) {}

  set(room: RoomRef, change: Partial<Room>): void {
    const base: Room = {
      state: 'active',
      media: 'video',
      recording: 'off',
      transcription: 'off',
      participants: [],
      activeParticipants: null,
      startedAt: null,
      endedAt: null,
    };
    this.rooms.set(idOf(room), { ...(this.rooms.get(idOf(room)) ?? base), ...change });
  }

  fail(room: RoomRef, error: unknown): void {
    this.failures.set(idOf(room), error);
  }

  heal(room: RoomRef): void {
    this.failures.delete(idOf(room));
  }

  /** From now on reads wait until `release()`. */
  hold(): void {
    this.held = [];
  }

  release(): void {
    const waiting = this.held ?? [];
    this.held = undefined;
    for (const resume of waiting) resume();
  }

  readsOf(room: RoomRef): number {
    return this.reads.get(idOf(room)) ?? 0;
  }

  readonly getSnapshot = async (room: RoomRef): Promise<CallSnapshot> => {
    const id = idOf(room);
    this.reads.set(id, this.readsOf(room) + 1);
    if (this.held) await new Promise<void>((resume) => this.held?.push(resume));
    const failure = this.failures.get(id);
    if (failure !== undefined) throw failure;
    const current = this.rooms.get(id);
    if (!current) throw new Error(`test set no room ${id}`);
    return { ...structuredClone(current), provider: room.provider, callId: room.callId, observedAt: new Date(this.clock.now()).toISOString(), stale: false };
  };

  readonly listRooms = async (): Promise<ListedRoom[]> => this.listed;
}
