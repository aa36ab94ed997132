import type { CometChatChange, CometChatWorld } from './world';
import { deliver, type Deliveries, type WebhookTarget } from '../push/deliver';

const unix = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * CometChat call-session webhooks (docs/calls/webhooks-call-session). `meeting_started` and
 * `meeting_participant_joined` follow the documented examples; the `left` and `ended` bodies
 * are not documented, so these carry the fields the receiver reads (see docs/vendors.md).
 */
export function cometChatWebhookBody(change: CometChatChange, appId: string): object {
  const envelope = { type: 'meet', appId, region: 'us', webhook: 'roomwatch-sim' };
  const { call, at } = change;
  switch (change.kind) {
    case 'started':
      return { ...envelope, trigger: 'meeting_started', data: { created_at: unix(at), sessionId: call.sessionId } };
    case 'joined':
      return {
        ...envelope,
        trigger: 'meeting_participant_joined',
        data: {
          sessionId: call.sessionId,
          occupant: { uid: change.participant.uid, name: change.participant.uid, joined_at: unix(at), audio_call: String(call.type === 'audio') },
          initial_config: { is_audio_muted: 'false', is_video_muted: 'false', start_recording_on_call_start: String(call.hasRecording === true) },
        },
      };
    case 'left':
      return {
        ...envelope,
        trigger: 'meeting_participant_left',
        data: { sessionId: call.sessionId, occupant: { uid: change.participant.uid, name: change.participant.uid, left_at: unix(at) } },
      };
    case 'ended':
      return { ...envelope, trigger: 'meeting_ended', data: { sessionId: call.sessionId, ended_at: unix(at) } };
  }
}

export function sendCometChatWebhooks(world: CometChatWorld, appId: string, target: WebhookTarget, deliveries: Deliveries): () => void {
  return world.onChange((change) => deliver(target, cometChatWebhookBody(change, appId), deliveries));
}
