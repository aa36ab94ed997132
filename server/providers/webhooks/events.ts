import type { ProviderId } from '../../../src/contract/ids';
import type { CallState, Flag } from '../../../src/contract/snapshot';

/**
 * What the id in `callId` names. Most vendors' webhooks carry the id roomwatch already uses
 * (Bandwidth's conference id, CometChat's session id): `call`. Some name a room of their own
 * instead (TRTC's `RoomId`, not the call engine's `CallId`): `room`, and whoever applies the
 * event asks the vendor's push part (`VendorPush.rooms`) which call that room belongs to.
 */
export type PushIdKind = 'call' | 'room';

interface PushEventBase {
  provider: ProviderId;
  callId: string;
  idKind: PushIdKind;
  /** Stable across redeliveries of the same vendor event: the idempotency key. */
  eventId: string;
  /** When the change happened, ISO 8601 UTC: the vendor's own time. */
  at: string;
}

/**
 * One change a vendor reported, in roomwatch's words. Each is an assertion of state after
 * the change ("recording is on", "p1 is muted"), not a transition: `RoomEvent`s carry
 * `from`/`to`, and only whoever holds the room's current snapshot knows `from`. Applying a
 * PushEvent that changes nothing records nothing, so duplicates and a member event repeating
 * the current mute state are harmless.
 *
 * Kinds mirror `RoomEvent` (src/contract/history.ts) one to one, except `participant.hold`,
 * which only updates the snapshot's `onHold` (the history has no hold events).
 */
export type PushEvent =
  | (PushEventBase & { kind: 'state'; to: CallState })
  | (PushEventBase & { kind: 'recording'; to: Flag })
  | (PushEventBase & { kind: 'transcription'; to: Flag })
  | (PushEventBase & { kind: 'participant.joined'; participantId: string; name: string | null })
  | (PushEventBase & { kind: 'participant.left'; participantId: string; name: string | null })
  | (PushEventBase & { kind: 'participant.muted'; participantId: string })
  | (PushEventBase & { kind: 'participant.unmuted'; participantId: string })
  | (PushEventBase & { kind: 'participant.hold'; participantId: string; onHold: boolean });

export type PushEventKind = PushEvent['kind'];

/**
 * One verified webhook request after mapping. `deliveryId` identifies the vendor event (the
 * same on every retry); `events` may be empty for events roomwatch does not track (a TRTC
 * role switch, a CometChat ringing event), which are still acknowledged with 200 so the vendor
 * stops retrying.
 *
 * `memberCallIds` (Bandwidth, say): the member calls whose details (`recordingEnabled`,
 * `transcriptionEnabled`) should be fetched or refreshed, because the callback itself says
 * nothing about recording.
 */
export interface PushDelivery {
  provider: ProviderId;
  deliveryId: string;
  events: PushEvent[];
  memberCallIds?: string[];
}

/** Unix seconds or milliseconds to ISO 8601; null when not a sane time. */
export function isoFromEpoch(value: number, unit: 's' | 'ms'): string | null {
  const ms = unit === 's' ? value * 1000 : value;
  if (!Number.isFinite(ms) || ms < 0 || ms > 8.64e15) return null;
  return new Date(ms).toISOString();
}

/** An ISO 8601 string with any offset to UTC ISO; null when unparseable. */
export function isoFromText(value: string): string | null {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
