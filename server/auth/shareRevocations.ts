/**
 * Revoked share links, by the link's id (its `sub`), each until its token would have expired
 * anyway. `isRevoked` answers from memory, so checking a request costs no round trip.
 */
export interface ShareRevocations {
  revoke(id: string, untilMs: number): Promise<void>;
  isRevoked(id: string): boolean;
}

/** One process, or every instance's local copy of the shared set. */
export class LocalShareRevocations implements ShareRevocations {
  private readonly until = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  revoke(id: string, untilMs: number): Promise<void> {
    this.apply(id, untilMs);
    return Promise.resolve();
  }

  /** Records a revocation; a later `untilMs` wins over an earlier one. */
  apply(id: string, untilMs: number): void {
    if (untilMs <= this.now()) return;
    if ((this.until.get(id) ?? 0) < untilMs) this.until.set(id, untilMs);
  }

  isRevoked(id: string): boolean {
    const until = this.until.get(id);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.until.delete(id);
    return false;
  }

  entries(): Array<[string, number]> {
    const now = this.now();
    return [...this.until].filter(([, until]) => until > now);
  }
}
