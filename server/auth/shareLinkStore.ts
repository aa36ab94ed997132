import type { ProviderId } from '../../src/contract/ids';

/** One minted share link as kept: never the token, only what identifies and bounds it. */
export interface ShareLinkRecord {
  id: string;
  provider: ProviderId;
  callId: string;
  /** `sub` of the moderator who minted it. */
  mintedBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

/**
 * Where share links and their revocations are kept: the history's database when there is one
 * (so a revocation outlives a restart), else memory (HISTORY=off: revocations last as long as the process).
 */
export interface ShareLinkStore {
  add(link: ShareLinkRecord): Promise<void>;
  get(id: string): Promise<ShareLinkRecord | undefined>;
  /** Links not yet expired at `now` (ISO), revoked or not. */
  unexpired(now: string): Promise<ShareLinkRecord[]>;
  /** Marks the link revoked; false when it was already. */
  revoke(id: string, at: string): Promise<boolean>;
  /** Forgets links that expired before `before` (ISO): their tokens fail on `exp` anyway. */
  prune(before: string): Promise<void>;
}

/**
 * Links in memory: what HISTORY=off runs with (there is no database then), so revocations last
 * as long as the process. With a database, see shareLinkRepository.ts.
 */
export class MemoryShareLinkStore implements ShareLinkStore {
  private readonly links = new Map<string, ShareLinkRecord>();

  add(link: ShareLinkRecord): Promise<void> {
    this.links.set(link.id, { ...link });
    return Promise.resolve();
  }
  get(id: string): Promise<ShareLinkRecord | undefined> {
    const link = this.links.get(id);
    return Promise.resolve(link ? { ...link } : undefined);
  }
  unexpired(now: string): Promise<ShareLinkRecord[]> {
    return Promise.resolve([...this.links.values()].filter((l) => l.expiresAt > now).map((l) => ({ ...l })));
  }
  revoke(id: string, at: string): Promise<boolean> {
    const link = this.links.get(id);
    if (!link || link.revokedAt !== null) return Promise.resolve(false);
    link.revokedAt = at;
    return Promise.resolve(true);
  }
  prune(before: string): Promise<void> {
    for (const [id, link] of this.links) if (link.expiresAt < before) this.links.delete(id);
    return Promise.resolve();
  }
}
