import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Random } from '../random';
import type { VendorSimulator } from '../types';
import type { CometChatVendorConfig } from '../../providers/cometchat/config';
import { CometChatWorld, type CometChatSimCall, type CometChatSimParticipant } from './world';
import { sendCometChatWebhooks } from './webhooks';

export interface CometChatSimulatorOptions {
  random: Random;
  start: Date;
  appId: string;
  apiKey: string;
}

/** CometChat's error body. */
const errorBody = (code: string, message: string, devMessage = message) => ({
  error: { message, devMessage, source: 'ui-rest-api', code },
});

const hms = (seconds: number) =>
  [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60].map((n) => String(n).padStart(2, '0')).join(':');

function participantBody(p: CometChatSimParticipant, mid: string, nowS: number) {
  const minutes = p.joinedAt === null ? 0 : ((p.leftAt ?? nowS) - p.joinedAt) / 60;
  return {
    uid: p.uid,
    totalAudioMinutes: minutes,
    totalVideoMinutes: 0,
    totalDuration: minutes,
    deviceId: p.deviceId,
    isJoined: p.isJoined,
    ...(p.joinedAt === null ? {} : { joinedAt: p.joinedAt }),
    mid,
    state: p.state,
    ...(p.leftAt === null ? {} : { leftAt: p.leftAt }),
  };
}

/** The shape of the vendor's Get Call example; fields that do not apply are left out, as CometChat does. */
function callBody(call: CometChatSimCall, nowS: number) {
  const mid = `${call.sessionId.slice(-8)}-1244-4213-8e40-53044c1e9e43`;
  const seconds = call.startedAt === null ? 0 : (call.endedAt ?? nowS) - call.startedAt;
  return {
    sessionId: call.sessionId,
    totalAudioMinutes: call.type === 'audio' ? seconds / 60 : 0,
    totalVideoMinutes: call.type === 'video' ? seconds / 60 : 0,
    totalDuration: hms(Math.max(0, seconds)),
    metaData: [],
    ...(call.hasRecording === undefined ? {} : { hasRecording: call.hasRecording }),
    ...(call.hasTranscription === undefined ? {} : { hasTranscription: call.hasTranscription }),
    initiatedAt: call.initiatedAt,
    initiator: call.initiator,
    mode: call.mode,
    receiver: call.receiver,
    receiverType: call.receiverType,
    status: call.status,
    tags: [],
    totalDurationInMinutes: seconds / 60,
    totalParticipants: new Set(call.participants.map((p) => p.uid)).size,
    type: call.type,
    mid,
    ...(call.startedAt === null ? {} : { startedAt: call.startedAt }),
    ...(call.endedAt === null ? {} : { endedAt: call.endedAt }),
    participants: call.participants.map((p) => participantBody(p, mid, nowS)),
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const listQuerySchema = z.object({
  status: z.string().optional(),
  page: z.coerce.number().int().min(1).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(25),
});

const controlSchema = z.object({
  hasRecording: z.boolean().optional(),
  hasTranscription: z.boolean().optional(),
  join: z.boolean().optional(),
  end: z.boolean().optional(),
});

/** CometChat Calls v3 under `/cometchat/v3`: Get Call and List Calls, `apikey` checked on every request. */
export function createCometChatSimulator(options: CometChatSimulatorOptions): VendorSimulator<CometChatVendorConfig> & { world: CometChatWorld } {
  const world = new CometChatWorld(options.random, options.appId, options.start);

  const authorized = (request: FastifyRequest, reply: FastifyReply): boolean => {
    const key = request.headers.apikey;
    if (typeof key === 'string' && sameSecret(key, options.apiKey)) return true;
    void reply
      .code(401)
      .send(errorBody('AUTH_ERR_APIKEY_NOT_FOUND', 'The apikey provided is not valid.', `The apikey ${String(key)} could not be found for app ${options.appId}.`));
    return false;
  };
  const nowS = () => Math.floor(Date.now() / 1000);

  return {
    vendor: 'cometchat',
    prefix: '/cometchat/v3',
    world,
    register(app: FastifyInstance) {
      app.get<{ Params: { sessionId: string } }>('/calls/:sessionId', async (request, reply) => {
        if (!authorized(request, reply)) return reply;
        const call = world.calls.get(request.params.sessionId);
        if (!call) {
          return reply
            .code(404)
            .send(errorBody('ERR_SESSION_ID_NOT_FOUND', `The call with sessionId ${request.params.sessionId} does not exist.`));
        }
        return { data: callBody(call, nowS()) };
      });
      app.get('/calls', async (request, reply) => {
        if (!authorized(request, reply)) return reply;
        const query = listQuerySchema.safeParse(request.query);
        if (!query.success) return reply.code(400).send(errorBody('ERR_BAD_REQUEST', 'Failed to validate the data sent with the request.'));
        const { status, page, perPage } = query.data;
        const matching = [...world.calls.values()]
          .filter((call) => status === undefined || call.status === status)
          .sort((a, b) => b.initiatedAt - a.initiatedAt);
        const slice = matching.slice((page - 1) * perPage, page * perPage);
        return {
          data: slice.map((call) => callBody(call, nowS())),
          meta: {
            pagination: {
              total: matching.length,
              count: slice.length,
              per_page: perPage,
              current_page: page,
              total_pages: Math.ceil(matching.length / perPage),
            },
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
        const now = new Date();
        if (change.data.hasRecording !== undefined) call.hasRecording = change.data.hasRecording;
        if (change.data.hasTranscription !== undefined) call.hasTranscription = change.data.hasTranscription;
        if (change.data.join) world.join(call, now);
        if (change.data.end) world.end(call, now);
        return { ok: true, status: call.status };
      });
    },
    sendWebhooks(target, deliveries) {
      return sendCometChatWebhooks(world, options.appId, target, deliveries);
    },
    tick(now: Date) {
      world.tick(now);
    },
    sendRateLimited(reply, retryAfterMs) {
      void reply
        .code(429)
        .header('retry-after', String(Math.ceil(retryAfterMs / 1000)))
        .send(errorBody('ERR_TOO_MANY_REQUESTS', 'Too many requests. Please retry after some time.'));
    },
    sendServerError(reply) {
      void reply.code(500).send(errorBody('ERR_INTERNAL_SERVER', 'Something went wrong.', 'mongo replica set unreachable'));
    },
    bffConfig(origin: string): CometChatVendorConfig {
      return { url: `${origin}/cometchat/v3`, apiKey: options.apiKey };
    },
  };
}
