import { z } from 'zod';

/**
 * Tencent TRTC event callbacks. Server-private. Sources:
 * - room and media events (EventGroupId 1 and 2): trtc.io/document/39558 "Room&Media Webhooks",
 *   with per-event examples in tencentcloud.com/zh/document/product/647/39558;
 * - cloud recording (EventGroupId 3): trtc.io/document/54914, cloud.tencent.com/document/product/647/81113;
 * - AI transcription 2.0 (EventGroupId 14): cloud.tencent.com/document/product/647/129976.
 * The body is `{EventGroupId, EventType, CallbackTs (ms), EventInfo}`. Tencent says fields may
 * be added but none removed, so unknown fields are stripped, not refused.
 */

export const EVENT_GROUP = { room: 1, media: 2, recording: 3, transcription: 14 } as const;

export const EVENT_TYPE = {
  createRoom: 101,
  dismissRoom: 102,
  enterRoom: 103,
  exitRoom: 104,
  changeRole: 105,
  startVideo: 201,
  stopVideo: 202,
  startAudio: 203,
  stopAudio: 204,
  startSubstream: 205,
  stopSubstream: 206,
  recorderStart: 301,
  recorderStop: 302,
  transcriptionStart: 1401,
  transcriptionStop: 1402,
} as const;

/** The examples show `RoomId` both as a number (12345) and as a string ("12345"). */
const roomId = z.union([z.number().int().nonnegative(), z.string().min(1).max(128)]).transform(String);
const seconds = z.number().nonnegative();

export const trtcCallbackSchema = z.object({
  EventGroupId: z.number().int(),
  EventType: z.number().int(),
  CallbackTs: z.number().nonnegative().optional(),
  EventInfo: z.object({
    RoomId: roomId,
    EventTs: seconds.optional(),
    EventMsTs: seconds.optional(),
    UserId: z.string().max(256).optional(),
    UniqueId: z.number().optional(),
    Role: z.number().int().optional(),
    Reason: z.number().int().optional(),
    TaskId: z.string().max(512).optional(),
    /** Recording and transcription events: `Status` 0 is success. */
    Payload: z.object({ Status: z.number().int().optional() }).optional(),
  }),
});
export type TrtcCallback = z.infer<typeof trtcCallbackSchema>;
