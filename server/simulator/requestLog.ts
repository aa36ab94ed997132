export interface LoggedRequest {
  vendor: string;
  method: string;
  /** The raw request target as received, before any decoding. */
  url: string;
  at: number;
}

/** What the simulated vendors received: tests assert on it (coalescing, nothing outside a prefix). */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  constructor(private readonly cap = 50_000) {}

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.cap) this.entries.splice(0, this.entries.length - this.cap);
  }

  all(vendor?: string): readonly LoggedRequest[] {
    return vendor ? this.entries.filter((e) => e.vendor === vendor) : this.entries;
  }

  count(vendor?: string, urlIncludes?: string): number {
    return this.all(vendor).filter((e) => (urlIncludes ? e.url.includes(urlIncludes) : true)).length;
  }

  clear(): void {
    this.entries = [];
  }
}
