import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Random } from '../random';
import type { VendorSimulator } from '../types';
import type { TencentVendorConfig } from '../../providers/tencent/config';
import { verifyUserSig } from './userSigCheck';
import { TencentWorld } from './world';
import { sendTencentCallbacks } from './webhooks';

export interface TencentSimulatorOptions {
  random: Random;
  /** The scenario's start: when the demo calls began. */
  start?: Date;
  sdkAppId: number;
  secretKey: string;
  adminId: string;
  /** Clock for UserSig expiry checks, injectable for tests. */
  now?: () => number;
}

const requestId = () => `Id-${randomBytes(16).toString('hex')}-O-Seq-${Math.floor(Math.random() * 1e8)}`;

/** Tencent's failure answer: always HTTP 200, the outcome is in the body. */
const fail = (reply: FastifyReply, code: number, info: string) =>
  reply.code(200).send({ ActionStatus: 'FAIL', ErrorCode: code, ErrorInfo: info, RequestId: requestId() });

const querySchema = z.object({
  sdkappid: z.coerce.number().int(),
  identifier: z.string().min(1),
  usersig: z.string().min(1),
  random: z.coerce.number().int().min(0).max(4294967295),
  contenttype: z.literal('json'),
});

const bodySchema = z.object({ CallId: z.string().min(1) });

const controlSchema = z.object({
  answerAll: z.boolean().optional(),
  hangUp: z.boolean().optional(),
  /** Starts or stops the room's cloud recording (TRTC calls back 301/302). */
  recording: z.boolean().optional(),
  transcription: z.boolean().optional(),
});

/** Tencent call engine v4 under `/tencent`: get_call_info, UserSig verified on every request. */
export function createTencentSimulator(options: TencentSimulatorOptions): VendorSimulator<TencentVendorConfig> & { world: TencentWorld } {
  const world = new TencentWorld(options.random, options.start);
  const now = options.now ?? Date.now;

  return {
    vendor: 'tencent',
    prefix: '/tencent',
    world,
    register(app: FastifyInstance) {
      app.post('/v4/call_engine_http_srv/get_call_info', async (request, reply) => {
        const query = querySchema.safeParse(request.query);
        if (!query.success) return fail(reply, 101002, 'Invalid request parameters: sdkappid, identifier, usersig, random and contenttype=json are required.');
        if (query.data.sdkappid !== options.sdkAppId) return fail(reply, 70009, `sdkappid ${query.data.sdkappid} does not match the UserSig.`);
        const verdict = verifyUserSig(
          query.data.usersig,
          { sdkAppId: options.sdkAppId, identifier: query.data.identifier, secretKey: options.secretKey },
          Math.floor(now() / 1000),
        );
        if (!verdict.ok) return fail(reply, verdict.code, verdict.info);
        if (query.data.identifier !== options.adminId) return fail(reply, 70009, 'identifier is not an App administrator.');
        const body = bodySchema.safeParse(request.body);
        if (!body.success) return fail(reply, 101002, 'Invalid parameter: CallId is required.');
        const call = world.calls.get(body.data.CallId);
        if (!call) return fail(reply, 101004, `Call ${body.data.CallId} does not exist or has ended.`);
        return {
          ErrorCode: 0,
          ErrorInfo: '',
          ActionStatus: 'OK',
          RequestId: requestId(),
          Response: {
            CallInfo: {
              CallId: call.callId,
              MediaType: call.mediaType,
              ChatGroupId: call.chatGroupId,
              RoomId: call.roomId,
              RoomIdType: call.roomIdType,
            },
            UserList: call.users.map((u) => ({ User_Account: u.account, Status: u.status })),
          },
        };
      });
    },
    registerControl(app: FastifyInstance) {
      app.get('/calls', async () => ({ ids: world.ids() }));
      app.post<{ Params: { id: string } }>('/calls/:id', async (request, reply) => {
        const change = controlSchema.safeParse(request.body);
        const call = world.calls.get(request.params.id);
        if (!change.success || !call) return reply.code(change.success ? 404 : 400).send({ ok: false });
        if (change.data.answerAll) for (const user of call.users) user.status = 'Calling';
        if (change.data.recording !== undefined) world.setRecording(call, change.data.recording, new Date());
        if (change.data.transcription !== undefined) world.setTranscription(call, change.data.transcription, new Date());
        if (change.data.hangUp) world.calls.delete(call.callId);
        return { ok: true };
      });
    },
    sendWebhooks(target, deliveries) {
      return sendTencentCallbacks(world, target, deliveries);
    },
    tick(now: Date) {
      world.tick(now);
    },
    sendRateLimited(reply) {
      // Tencent's over-the-limit answer: HTTP 200, a 600xx code, and no hint of when to come back.
      void fail(reply, 60007, 'Request frequency exceeds the limit of the app (200 requests/s).');
    },
    sendServerError(reply) {
      // Tencent keeps HTTP 200 for its own failures; 101001 is get_call_info's "internal error, retry".
      void fail(reply, 101001, 'Internal server error: callengine backend 10.0.3.7 timed out.');
    },
    bffConfig(origin: string): TencentVendorConfig {
      return { url: `${origin}/tencent`, sdkAppId: options.sdkAppId, secretKey: options.secretKey, adminId: options.adminId };
    },
    demoCalls() {
      return [...world.calls.values()].filter((c) => c.anchor).map((c) => c.callId);
    },
  };
}
