import type { TencentChange, TencentSimCall, TencentWorld } from './world';
import { deliver, type Deliveries, type WebhookTarget } from '../push/deliver';

const GROUP = { room: 1, recording: 3, transcription: 14 } as const;

/** A TRTC callback body (trtc.io/document/39558; recording 301/302, transcription 1401/1402). */
function body(call: TencentSimCall, group: number, type: number, at: Date, extra: Record<string, unknown> = {}): object {
  const ms = at.getTime();
  return {
    EventGroupId: group,
    EventType: type,
    CallbackTs: Date.now(),
    EventInfo: {
      // RoomIdType 1 is a numeric room id.
      RoomId: call.roomIdType === 1 ? Number(call.roomId) : call.roomId,
      EventTs: Math.floor(ms / 1000),
      EventMsTs: ms,
      ...extra,
    },
  };
}

export function trtcCallbackBody(change: TencentChange): object {
  const { call, at } = change;
  const task = { TaskId: `task-${call.roomId}-${at.getTime()}`, Payload: { Status: 0 } };
  switch (change.kind) {
    case 'created':
      return body(call, GROUP.room, 101, at);
    case 'dismissed':
      return body(call, GROUP.room, 102, at);
    case 'entered':
      return body(call, GROUP.room, 103, at, { UserId: change.userId, Role: 20 });
    case 'exited':
      return body(call, GROUP.room, 104, at, { UserId: change.userId, Role: 20, Reason: 1 });
    case 'recording':
      return body(call, GROUP.recording, change.on ? 301 : 302, at, { UserId: `callkit_record_${call.roomId}`, ...task });
    case 'transcription':
      return body(call, GROUP.transcription, change.on ? 1401 : 1402, at, { RobotId: `robot_${call.roomId}`, ...task });
  }
}

/**
 * Calls back from now on, after first replaying what TRTC would have sent had callbacks been
 * on since each live call began (room created, recording and transcription started), so the
 * demo's existing calls are known too. Returns the stop.
 */
export function sendTencentCallbacks(world: TencentWorld, target: WebhookTarget, deliveries: Deliveries): () => void {
  for (const call of world.calls.values()) {
    deliver(target, trtcCallbackBody({ kind: 'created', call, at: call.createdAt }), deliveries);
    if (call.recording.on) deliver(target, trtcCallbackBody({ kind: 'recording', call, on: true, at: call.recording.since }), deliveries);
    if (call.transcription.on) {
      deliver(target, trtcCallbackBody({ kind: 'transcription', call, on: true, at: call.transcription.since }), deliveries);
    }
  }
  return world.onChange((change) => deliver(target, trtcCallbackBody(change), deliveries));
}
