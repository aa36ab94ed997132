import type { RoomRef } from '../../src/contract/roomAccess';
import type { ProviderSet } from '../providers/registry';
import type { PushHealth } from './pushHealth';
import type { PushedFlags } from './pushedFlags';
import type { PushDelivery, PushEvent } from '../providers/webhooks/events';
import { roomKey, type RoomsOf } from './overlayProviders';

export interface PushServiceDeps {
  /** The adapters themselves: the ones each vendor's `rooms` knows how to ask. */
  providers: ProviderSet;
  roomsOf: RoomsOf;
  flags: PushedFlags;
  health: PushHealth;
  /**
   * Reads the room again now and records what changed: the watcher's poll (single writer of
   * the room's history and its numbering), or, without a watcher, a plain snapshot read that
   * refills the cache. Pushed flags are already in place, so the read sees them.
   */
  refresh(room: RoomRef): Promise<void>;
}

export interface PushService {
  /** The receivers' `apply`: throws when the room could not be read, so the vendor retries. */
  apply(delivery: PushDelivery): Promise<void>;
}

/**
 * Applies a verified, new delivery. Events assert state, they are not toggles: recording and
 * transcription are kept with the vendor's time (older ones lose, see PushedFlags); everything
 * else (state, members, mute) is re-read from the vendor at once, its caches dropped first, so
 * the snapshot and the history follow the vendor's current truth whatever order events came
 * in. The history entries are written by `refresh`, through the same store and numbering as
 * polling.
 */
export function createPushService(deps: PushServiceDeps): PushService {
  const callIdOf = (event: PushEvent): string | undefined => {
    if (event.idKind === 'call') return event.callId;
    // The vendor named its room; the call is known only once this BFF has read it (TRTC: get_call_info).
    const provider = deps.providers.get(event.provider);
    return provider && deps.roomsOf(event.provider)?.callIdOf(provider, event.callId);
  };
  /** Flags are kept under the id the vendor named, so a room not yet read loses nothing. */
  const flagIdOf = (event: PushEvent) => (event.idKind === 'call' ? event.callId : roomKey(event.callId));

  return {
    async apply(delivery) {
      deps.health.arrived(delivery.provider);
      const provider = deps.providers.get(delivery.provider);
      if (!provider) return;
      const rooms = new Set<string>();
      for (const event of delivery.events) {
        if (event.kind === 'recording' || event.kind === 'transcription') {
          deps.flags.record(event.provider, flagIdOf(event), event.kind, event.to, event.at);
        }
        const callId = callIdOf(event);
        if (callId !== undefined) rooms.add(callId);
      }
      for (const callId of rooms) {
        provider.invalidate?.(callId, delivery.memberCallIds ?? []);
        await deps.refresh({ provider: provider.id, callId });
      }
    },
  };
}
