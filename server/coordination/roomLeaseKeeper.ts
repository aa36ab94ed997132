import { leaseTtlMs, type WatcherLeases } from './leases';

/**
 * The watcher's side of the leases: called once per watch interval with the rooms there are
 * to watch, it renews the ones this instance holds, tries to take the others, and says which
 * rooms are this instance's to poll until the next tick. An instance that stops ticking
 * (killed, hung) loses its rooms to the others within three intervals.
 */
export class RoomLeaseKeeper {
  private held = new Set<string>();

  constructor(
    private readonly leases: WatcherLeases,
    private readonly instanceId: string,
    private readonly intervalMs: number,
  ) {}

  async tick(rooms: Iterable<string>): Promise<ReadonlySet<string>> {
    const ttlMs = leaseTtlMs(this.intervalMs);
    const wanted = new Set(rooms);
    // Rooms no longer wanted are handed back rather than left to expire.
    await Promise.all([...this.held].filter((room) => !wanted.has(room)).map((room) => this.leases.release(room, this.instanceId)));
    const outcomes = await Promise.all(
      [...wanted].map(async (room) => {
        const mine = this.held.has(room)
          ? await this.leases.renew(room, this.instanceId, ttlMs)
          : await this.leases.acquire(room, this.instanceId, ttlMs);
        return [room, mine] as const;
      }),
    );
    this.held = new Set(outcomes.filter(([, mine]) => mine).map(([room]) => room));
    return this.held;
  }

  /** On shutdown: another instance can take every room at its next tick. */
  async releaseAll(): Promise<void> {
    const rooms = [...this.held];
    this.held = new Set();
    await Promise.all(rooms.map((room) => this.leases.release(room, this.instanceId)));
  }
}
