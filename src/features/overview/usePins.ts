import { useCallback, useEffect, useState } from 'react';
import { parseRoomRef, refOf, type RoomKey } from '../../lib/rooms';

const STORAGE_KEY = 'roomwatch.pins';

function load(): RoomKey[] {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    if (!Array.isArray(raw)) return [];
    // Stored by an older version or edited by hand: keep only what still parses.
    return raw.flatMap((ref) => {
      const room = typeof ref === 'string' ? parseRoomRef(ref) : null;
      return room ? [room] : [];
    });
  } catch {
    return [];
  }
}

/** Rooms the moderator pinned, kept in this browser's localStorage as `provider:callId` strings. */
export function usePins() {
  const [pins, setPins] = useState<RoomKey[]>(load);

  useEffect(() => {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(pins.map(refOf)));
    } catch {
      // Private mode or full storage: pins then last for this tab only.
    }
  }, [pins]);

  const add = useCallback((room: RoomKey) => {
    setPins((current) => (current.some((p) => refOf(p) === refOf(room)) ? current : [...current, room]));
  }, []);
  const remove = useCallback((room: RoomKey) => {
    setPins((current) => current.filter((p) => refOf(p) !== refOf(room)));
  }, []);
  return { pins, add, remove };
}
