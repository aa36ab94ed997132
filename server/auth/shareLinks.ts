import { canReadRoom, isModerator, type RoomRef } from '../../src/contract/roomAccess';
import type { ActiveShareLink, Identity } from '../../src/contract/dashboard';
import type { ShareRevocations } from './shareRevocations';
import type { ShareLinkStore } from './shareLinkStore';
import { CLOCK_TOLERANCE_SECONDS } from './verifier';

/** A token verifies up to the clock tolerance past its `exp`, so a revocation must last as long. */
function revokedUntil(expiresAt: string): number {
  return Date.parse(expiresAt) + CLOCK_TOLERANCE_SECONDS * 1000;
}

/**
 * The links moderators minted: kept in the store (listing, revocation across restarts) and
 * mirrored into `revocations`, which every request is checked against without a round trip.
 */
export class ShareLinks {
  constructor(
    private readonly store: ShareLinkStore,
    readonly revocations: ShareRevocations,
    private readonly now: () => number = Date.now,
  ) {}

  /** At start: every revoked link not yet expired goes back into the fast set. */
  async load(): Promise<void> {
    const nowIso = new Date(this.now()).toISOString();
    await this.store.prune(nowIso);
    for (const link of await this.store.unexpired(nowIso)) {
      if (link.revokedAt !== null) await this.revocations.revoke(link.id, revokedUntil(link.expiresAt));
    }
  }

  async minted(id: string, room: RoomRef, mintedBy: string, expiresAt: Date): Promise<void> {
    await this.store.add({
      id,
      provider: room.provider,
      callId: room.callId,
      mintedBy,
      createdAt: new Date(this.now()).toISOString(),
      expiresAt: expiresAt.toISOString(),
      revokedAt: null,
    });
  }

  /** Links in force for the rooms `identity` may read, newest first; none for a participant. */
  async activeFor(identity: Identity): Promise<ActiveShareLink[]> {
    if (!isModerator(identity)) return [];
    const links = await this.store.unexpired(new Date(this.now()).toISOString());
    return links
      .filter((link) => link.revokedAt === null && canReadRoom(identity, { provider: link.provider, callId: link.callId }))
      .map(({ id, provider, callId, mintedBy, createdAt, expiresAt }) => ({ id, provider, callId, mintedBy, createdAt, expiresAt }));
  }

  /**
   * Revokes a link `identity` may see. `not-found` for an unknown, expired or already revoked link and for one of
   * a room the caller may not read (so ids of other rooms' links cannot be probed).
   */
  async revoke(identity: Identity, id: string): Promise<'revoked' | 'not-found'> {
    const link = await this.store.get(id);
    const nowIso = new Date(this.now()).toISOString();
    if (!link || link.revokedAt !== null || link.expiresAt <= nowIso || !canReadRoom(identity, { provider: link.provider, callId: link.callId })) return 'not-found';
    // The fast set first: from here on, the next request with this token is refused.
    await this.revocations.revoke(id, revokedUntil(link.expiresAt));
    await this.store.revoke(id, nowIso);
    return 'revoked';
  }
}
