import type { RoomRef } from '../../src/contract/roomAccess';
import type { ProviderSet } from '../providers/registry';
import type { PushHealth } from './pushHealth';
import type { PushedFlags } from './pushedFlags';
import type { PushDelivery, PushEvent } from './types';
import { trtcRoomKey } from './overlayProviders';

export interface PushServiceDeps {
  providers: ProviderSet;
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
    // TRTC names its room; the call is known only once this BFF has read it (get_call_info).
    return deps.providers.get(event.provider)?.callIdForRoom?.(event.callId);
  };
  /** Flags are kept under the id the vendor named, so a TRTC room not yet read loses nothing. */
  const flagIdOf = (event: PushEvent) => (event.idKind === 'call' ? event.callId : trtcRoomKey(event.callId));

  return {
    async apply(delivery) {
      deps.health.arrived(delivery.provider);
      const provider = deps.providers.get(delivery.provider);
      if (!provider) return;
      const rooms = new Set<string>();
      for (const event of delivery.events) {
        if (event.kind === 'recording' || event.kind === 'transcription') {
          deps.flags.record(event.provider, flagIdOf(event), event.kind, event.to, event.at);
        } else if (event.kind === 'state' && event.to === 'active' && event.idKind === 'trtc-room') {
          // TRTC calls back from the room's creation on: a room created with no recorder or
          // transcription start since is neither recorded nor transcribed. A later start has a
          // later time and wins; a late retry of the creation loses to it.
          deps.flags.record(event.provider, flagIdOf(event), 'recording', 'off', event.at);
          deps.flags.record(event.provider, flagIdOf(event), 'transcription', 'off', event.at);
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
