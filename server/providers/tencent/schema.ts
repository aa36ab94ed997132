import { z } from 'zod';

/**
 * Tencent call engine v4 `POST /v4/call_engine_http_srv/get_call_info` (see docs/vendors.md).
 * Server-private. The HTTP status is 200 even on failure; `ActionStatus` tells.
 */

export const tencentFailureSchema = z.object({
  ActionStatus: z.literal('FAIL'),
  ErrorCode: z.number().int(),
  ErrorInfo: z.string().optional(),
});

export const callUserSchema = z.object({
  User_Account: z.string(),
  /** The documented set is closed: `Calling` (on the call) or `Waiting` (being rung). */
  Status: z.enum(['Calling', 'Waiting']),
});
export type TencentCallUser = z.infer<typeof callUserSchema>;

export const callInfoSchema = z.object({
  CallId: z.string(),
  MediaType: z.string().optional(),
  /**
   * The TRTC room the call runs in (a number or a string, `RoomIdType` 1 or 2): TRTC's
   * recording callbacks name this, not the CallId.
   */
  RoomId: z.union([z.string().max(256), z.number().int().nonnegative().transform(String)]).optional(),
});

export const getCallInfoSchema = z.object({
  ActionStatus: z.literal('OK'),
  ErrorCode: z.literal(0),
  Response: z.object({
    CallInfo: callInfoSchema,
    UserList: z.array(callUserSchema),
  }),
});
export type TencentCallInfo = z.infer<typeof getCallInfoSchema>['Response'];
