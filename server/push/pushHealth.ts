import type { ProviderId } from '../../src/contract/ids';

/**
 * Whether a vendor's webhooks are arriving. While they are, polling is only reconciliation and
 * can run slower (`intervalFor`); once none has arrived for `quietMs`, polling goes back to
 * its normal pace, so a vendor that stops calling back loses nothing but latency.
 */
export class PushHealth {
  private readonly last = new Map<ProviderId, number>();

  constructor(
    private readonly options: { quietMs: number; slowdown: number; now?: () => number },
  ) {}

  /** An accepted, verified delivery arrived from this vendor. */
  arrived(provider: ProviderId): void {
    this.last.set(provider, (this.options.now ?? Date.now)());
  }

  healthy(provider: ProviderId): boolean {
    const at = this.last.get(provider);
    return at !== undefined && (this.options.now ?? Date.now)() - at < this.options.quietMs;
  }

  /** The polling interval for a room of this vendor: `slowdown` × the base while push is healthy. */
  intervalFor(provider: ProviderId, baseMs: number): number {
    return this.healthy(provider) ? baseMs * this.options.slowdown : baseMs;
  }
}
