import type { ProviderId } from '../../src/contract/ids';
import type { SharedUpstream } from '../upstream/shared';
import type { Coordination } from './coordination';

/**
 * One vendor's share of the coordination layer, for its policy: the budgets of its accounts,
 * and the changes other instances saw in its rooms (invalidation messages name rooms as
 * `provider:callId`; the vendor's caches are keyed by call id), and its vendor-wide reads.
 */
export function sharedUpstream(coordination: Coordination, provider: ProviderId): SharedUpstream {
  return {
    rateBucket: (account, ratePerSecond, burst) => coordination.rateBucket(provider, account, ratePerSecond, burst),
    onRoomChanged: (handler) =>
      coordination.invalidation.subscribe((room) => {
        const separator = room.indexOf(':');
        if (separator > 0 && room.slice(0, separator) === provider) handler(room.slice(separator + 1));
      }),
    readShared: (name, maxAgeMs, schema, read) => coordination.readShared(`${provider}:${name}`, maxAgeMs, schema, read),
  };
}
