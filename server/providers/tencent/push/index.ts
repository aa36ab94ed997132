import { definePush } from '../../webhooks/vendorPush';
import { TencentProvider } from '../provider';
import { mapTencentCallback } from './map';
import { trtcCallbackSchema } from './schema';
import { tencentCallbackHeaders } from './sign';
import { verifyTencentCallback, type TencentCallbackSecret } from './verify';

/**
 * TRTC room, media, recording and transcription callbacks on `/hooks/tencent`, signed with the
 * console's callback key (TENCENT_CALLBACK_KEY). They name the TRTC room, not the call engine's
 * call, so `rooms` asks the adapter which call it learnt a room belongs to (get_call_info).
 */
export const tencentPush = definePush({
  fields: { recording: true, transcription: true, participants: true, state: true },
  verify: ({ headers, raw }, secret: TencentCallbackSecret) =>
    verifyTencentCallback({ sign: headers['sign'], sdkAppId: headers['sdkappid'] }, raw, secret),
  schema: trtcCallbackSchema,
  map: (callback, { secret, receivedAt }) => mapTencentCallback(secret.sdkAppId, callback, receivedAt),
  sign: (raw, secret) => tencentCallbackHeaders(raw, secret),
  rooms: {
    callIdOf: (provider, roomId) => (provider instanceof TencentProvider ? provider.callIdForRoom(roomId) : undefined),
    roomIdOf: (provider, callId) => (provider instanceof TencentProvider ? provider.roomIdForCall(callId) : undefined),
  },
});
