import { useCallback, useEffect, useState } from 'react';
import { formatRoomRef, parseQualifiedRoomRef, parseRoomRef, sameRoom, type RoomRef } from '../../contract';

const STORAGE_KEY = 'roomwatch.pins';

function load(): RoomRef[] {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    if (!Array.isArray(raw)) return [];
    // Stored by an older version or edited by hand: keep only what still parses.
    return raw.flatMap((ref) => {
      // Pins are written as `provider:callId`; a bare name is a ProCONF room.
      const room = typeof ref === 'string' ? (parseQualifiedRoomRef(ref) ?? parseRoomRef(ref, [])) : null;
      return room ? [room] : [];
    });
  } catch {
    return [];
  }
}

/** Rooms the moderator pinned, kept in this browser's localStorage as `provider:callId` strings. */
export function usePins() {
  const [pins, setPins] = useState<RoomRef[]>(load);

  useEffect(() => {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(pins.map(formatRoomRef)));
    } catch {
      // Private mode or full storage: pins then last for this tab only.
    }
  }, [pins]);

  const add = useCallback((room: RoomRef) => {
    setPins((current) => (current.some((p) => sameRoom(p, room)) ? current : [...current, room]));
  }, []);
  const remove = useCallback((room: RoomRef) => {
    setPins((current) => current.filter((p) => !sameRoom(p, room)));
  }, []);
  return { pins, add, remove };
}
