import { callIdSchema } from '../../../../src/contract/ids';
import { isoFromEpoch, type PushDelivery, type PushEvent } from '../../webhooks/events';
import { EVENT_GROUP, EVENT_TYPE, type TrtcCallback } from './schema';

/**
 * TRTC callbacks carry no event id. A retry resends the event (for up to a minute); what
 * identifies it is the app, the event type, the room, the user or task, and the event's own
 * time. `CallbackTs` (when the callback was sent) is left out: a retry may carry a new one.
 */
export function tencentDeliveryId(sdkAppId: string, cb: TrtcCallback): string {
  const i = cb.EventInfo;
  return [
    'tencent',
    sdkAppId,
    cb.EventGroupId,
    cb.EventType,
    i.RoomId,
    i.UserId ?? '',
    i.EventMsTs ?? i.EventTs ?? '',
    i.TaskId ?? '',
    i.UniqueId ?? '',
  ].join(':');
}

/**
 * Maps one callback; null when there is nothing to apply. The id is the TRTC room
 * (`idKind: 'room'`); the receiver resolves it to the call engine's CallId (tencentPush.rooms).
 *
 * - 101 create room → active, and recording and transcription off: TRTC calls back from the
 *   room's creation on, so a room created with no recorder or transcription start since is
 *   neither. A later start has a later time and wins; a late retry of the creation loses to it.
 * - 102 dismiss room → ended; 103/104 enter/exit → joined/left.
 * - 203/204 start/stop pushing audio → unmuted/muted. Tencent notes that leaving the room sends
 *   only 104, never 204, so a 204 is a real mute.
 * - 301 recorder started with `Status` 0 → recording on; 302 recorder stopped → off.
 * - 1401 transcription started with `Status` 0 → transcription on; 1402 stopped → off.
 * Role switches, video and substream events, file and upload events are not tracked.
 */
export function mapTencentCallback(sdkAppId: string, cb: TrtcCallback, receivedAt: Date): PushDelivery | null {
  const i = cb.EventInfo;
  if (!callIdSchema.safeParse(i.RoomId).success) return null;
  const deliveryId = tencentDeliveryId(sdkAppId, cb);
  const at =
    (i.EventMsTs !== undefined ? isoFromEpoch(i.EventMsTs, 'ms') : null) ??
    (i.EventTs !== undefined ? isoFromEpoch(i.EventTs, 's') : null) ??
    receivedAt.toISOString();
  const base = { provider: 'tencent' as const, callId: i.RoomId, idKind: 'room' as const, at };
  const user = i.UserId && i.UserId.length > 0 ? i.UserId : null;
  const succeeded = (i.Payload?.Status ?? 0) === 0;

  let event: PushEvent | null = null;
  let also: PushEvent[] = [];
  const key = `${cb.EventGroupId}:${cb.EventType}`;
  switch (key) {
    case `${EVENT_GROUP.room}:${EVENT_TYPE.createRoom}`:
      event = { ...base, eventId: deliveryId, kind: 'state', to: 'active' };
      also = [
        { ...base, eventId: `${deliveryId}:recording`, kind: 'recording', to: 'off' },
        { ...base, eventId: `${deliveryId}:transcription`, kind: 'transcription', to: 'off' },
      ];
      break;
    case `${EVENT_GROUP.room}:${EVENT_TYPE.dismissRoom}`:
      event = { ...base, eventId: deliveryId, kind: 'state', to: 'ended' };
      break;
    case `${EVENT_GROUP.room}:${EVENT_TYPE.enterRoom}`:
      if (user) event = { ...base, eventId: deliveryId, kind: 'participant.joined', participantId: user, name: null };
      break;
    case `${EVENT_GROUP.room}:${EVENT_TYPE.exitRoom}`:
      if (user) event = { ...base, eventId: deliveryId, kind: 'participant.left', participantId: user, name: null };
      break;
    case `${EVENT_GROUP.media}:${EVENT_TYPE.startAudio}`:
      if (user) event = { ...base, eventId: deliveryId, kind: 'participant.unmuted', participantId: user };
      break;
    case `${EVENT_GROUP.media}:${EVENT_TYPE.stopAudio}`:
      if (user) event = { ...base, eventId: deliveryId, kind: 'participant.muted', participantId: user };
      break;
    case `${EVENT_GROUP.recording}:${EVENT_TYPE.recorderStart}`:
      if (succeeded) event = { ...base, eventId: deliveryId, kind: 'recording', to: 'on' };
      break;
    case `${EVENT_GROUP.recording}:${EVENT_TYPE.recorderStop}`:
      event = { ...base, eventId: deliveryId, kind: 'recording', to: 'off' };
      break;
    case `${EVENT_GROUP.transcription}:${EVENT_TYPE.transcriptionStart}`:
      if (succeeded) event = { ...base, eventId: deliveryId, kind: 'transcription', to: 'on' };
      break;
    case `${EVENT_GROUP.transcription}:${EVENT_TYPE.transcriptionStop}`:
      event = { ...base, eventId: deliveryId, kind: 'transcription', to: 'off' };
      break;
  }
  return event === null ? null : { provider: 'tencent', deliveryId, events: [event, ...also] };
}
