/**
 * The delivery ids this instance has already accepted, so a vendor's retry of the same event
 * changes nothing. Bounded: past `capacity` the oldest id is forgotten. Vendors retry for
 * minutes, not hours (TRTC for one minute), so a few thousand ids cover every retry window;
 * an id forgotten and redelivered much later is applied again, which is harmless because
 * PushEvents assert state rather than toggle it.
 *
 * Per instance: with several BFF instances behind one webhook URL, put this in Redis
 * (`SET key 1 NX EX <ttl>`) behind the same two methods.
 */
export class SeenEvents {
  readonly #capacity: number;
  // A Set iterates in insertion order, which makes it a FIFO for eviction.
  readonly #ids = new Set<string>();

  constructor(capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.#capacity = capacity;
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /** Records the id; false when it was already there (a redelivery). */
  add(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.#capacity) {
      const oldest = this.#ids.values().next();
      if (!oldest.done) this.#ids.delete(oldest.value);
    }
    return true;
  }

  /**
   * Forgets an id, for when applying its events failed after `add`: the vendor's retry must
   * then be applied, not dropped as a duplicate.
   */
  forget(id: string): void {
    this.#ids.delete(id);
  }

  get size(): number {
    return this.#ids.size;
  }
}
