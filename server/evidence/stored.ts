import type { RoomEvent } from '../../src/contract/history';
import { chain } from './chain';
import type { ChainedRoomEvent } from './payload';

const hasLinks = (e: RoomEvent): e is ChainedRoomEvent =>
  typeof (e as Partial<ChainedRoomEvent>).hash === 'string' && typeof (e as Partial<ChainedRoomEvent>).prevHash === 'string';

/**
 * The events with their chain links. A store that keeps `hash`/`prev_hash` gives them as stored
 * (never repaired); one that does not yet is chained here from the room's first event.
 */
export function chainedEvents(events: readonly RoomEvent[]): ChainedRoomEvent[] {
  if (events.length > 0 && events.every(hasLinks)) return events as ChainedRoomEvent[];
  return chain(events);
}
