import { providerIdSchema, ROOM_NAME_PATTERN, type RoomRef } from '../contract';

/** Route parameters → a room, or null when they cannot name one. */
export function roomFromParams(provider: string | undefined, callId: string | undefined): RoomRef | null {
  const parsed = providerIdSchema.safeParse(provider);
  if (!parsed.success || !callId || !ROOM_NAME_PATTERN.test(callId)) return null;
  return { provider: parsed.data, callId };
}

export function roomPath(room: RoomRef): string {
  return `/rooms/${encodeURIComponent(room.provider)}/${encodeURIComponent(room.callId)}`;
}

export function catchUpPath(room: RoomRef): string {
  return `/catch-up/${encodeURIComponent(room.provider)}/${encodeURIComponent(room.callId)}`;
}

export function reportPath(room: RoomRef): string {
  return `/calls/${encodeURIComponent(room.provider)}/${encodeURIComponent(room.callId)}/report`;
}

/** The BFF's CSV export of a call report (a download, not a page of the app). */
export function reportCsvUrl(room: RoomRef): string {
  return `/api/calls/${encodeURIComponent(room.provider)}/${encodeURIComponent(room.callId)}/report.csv`;
}
