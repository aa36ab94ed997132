import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { VendorSimulator } from '../types';
import type { ProconfVendorConfig } from '../../providers/proconf/config';
import { ProconfWorld, type ProconfRoom } from './world';
import type { Random } from '../random';
import { BUCKET_MOUNT, SUMMARY_BUCKET, SUMMARY_REGION, SummaryBucket } from './summaryBucket';

const errorBody = (code: number, message: string) => ({ data: null, error: { code, message } });

export interface ProconfSimulatorOptions {
  random: Random;
  start: Date;
  /** When set, every admin request must carry `Authorization: Bearer <token>`. */
  token?: string;
}

const summaryControlSchema = z.object({
  /** What `/call-summary` answers as `file_url` for this room from now on. */
  fileUrl: z.string().max(2000).optional(),
  /** Plants this text at the room's (possibly overridden) key. */
  content: z.string().max(2_000_000).optional(),
  /** Holds the bucket's answer for this room's key back this long. */
  delayMs: z.number().int().min(0).max(10_000).optional(),
});

const controlSchema = z.object({
  recording: z.boolean().optional(),
  transcription: z.boolean().optional(),
  append: z.string().max(10_000).optional(),
  ended: z.boolean().optional(),
});

/**
 * ProCONF admin backend: `/sessions-status/:room_name`, `/call-catchup/:room_name`,
 * `/call-summary/:room_name`, `/meetings`, and the S3 bucket the post-call summaries live in.
 */
export function createProconfSimulator(options: ProconfSimulatorOptions): VendorSimulator<ProconfVendorConfig> & { world: ProconfWorld } {
  const world = new ProconfWorld(options.random, options.start);
  // A post-call summary exists once a room has ended; its object is named after the meeting.
  const summaryKey = (room: ProconfRoom) => `summaries/${room.name}/${room.uniqueId}.md`;
  const fileUrls = new Map<string, string>();
  const bucket = new SummaryBucket((key) => {
    const room = [...world.rooms.values()].find((r) => r.destroyedAt !== null && summaryKey(r) === key);
    return room ? `# Summary of ${room.name}\n\n${room.summary.join('\n\n')}\n` : undefined;
  });

  const authorized = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (!options.token) return true;
    if (request.headers.authorization === `Bearer ${options.token}`) return true;
    void reply.code(401).send(errorBody(401, 'Unauthorized'));
    return false;
  };

  return {
    vendor: 'proconf',
    prefix: '/proconf/api',
    world,
    register(app: FastifyInstance) {
      app.get<{ Params: { room_name: string } }>('/sessions-status/:room_name', async (request, reply) => {
        if (!authorized(request, reply)) return reply;
        const room = world.rooms.get(request.params.room_name);
        if (!room) return reply.code(404).send(errorBody(404, 'Room not found'));
        return { error: null, data: { transcript_status: room.transcription, recording_status: room.recording } };
      });
      app.get<{ Params: { room_name: string } }>('/call-catchup/:room_name', async (request, reply) => {
        if (!authorized(request, reply)) return reply;
        const room = world.rooms.get(request.params.room_name);
        if (!room) return reply.code(404).send(errorBody(404, 'Room not found'));
        return { error: null, data: room.summary.join('\n\n') };
      });
      app.get<{ Params: { room_name: string } }>('/call-summary/:room_name', async (request, reply) => {
        if (!authorized(request, reply)) return reply;
        const room = world.rooms.get(request.params.room_name);
        if (!room || room.destroyedAt === null) return reply.code(404).send(errorBody(404, 'Summary not found'));
        return {
          error: null,
          data: { id: `sum_${room.uniqueId}`, meeting_id: room.uniqueId, room_name: room.name, file_url: fileUrls.get(room.name) ?? summaryKey(room) },
        };
      });
      bucket.register(app);
      app.get('/meetings', async (request, reply) => {
        if (!authorized(request, reply)) return reply;
        return {
          error: null,
          data: [...world.rooms.values()].map((room) => ({
            room_name: room.name,
            unique_id: room.uniqueId,
            created_at: room.createdAt.toISOString(),
            destroyed_at: room.destroyedAt?.toISOString() ?? null,
          })),
        };
      });
    },
    registerControl(app: FastifyInstance) {
      app.post<{ Params: { room: string } }>('/summaries/:room', async (request, reply) => {
        const change = summaryControlSchema.safeParse(request.body);
        const room = world.rooms.get(request.params.room);
        if (!change.success || !room) return reply.code(change.success ? 404 : 400).send({ ok: false });
        if (change.data.fileUrl !== undefined) fileUrls.set(room.name, change.data.fileUrl);
        const key = fileUrls.get(room.name) ?? summaryKey(room);
        if (change.data.content !== undefined) bucket.planted.set(key, change.data.content);
        if (change.data.delayMs !== undefined) bucket.slow.set(key, change.data.delayMs);
        return { ok: true };
      });
      app.post<{ Params: { room: string } }>('/rooms/:room', async (request, reply) => {
        const change = controlSchema.safeParse(request.body);
        if (!change.success) return reply.code(400).send({ ok: false });
        const { recording, transcription, append, ended } = change.data;
        const room = world.set(request.params.room, {
          ...(recording === undefined ? {} : { recording }),
          ...(transcription === undefined ? {} : { transcription }),
          ...(append === undefined ? {} : { append }),
          ...(ended === undefined ? {} : { ended }),
        });
        if (!room) return reply.code(404).send({ ok: false });
        return { ok: true, recording: room.recording, transcription: room.transcription };
      });
    },
    tick(now: Date) {
      world.tick(now);
    },
    sendRateLimited(reply, retryAfterMs) {
      void reply
        .code(429)
        .header('retry-after', String(Math.ceil(retryAfterMs / 1000)))
        .send(errorBody(429, 'Too many requests'));
    },
    sendServerError(reply) {
      void reply.code(500).send(errorBody(500, 'Internal server error: db connection pool exhausted'));
    },
    bffConfig(origin: string): ProconfVendorConfig {
      return {
        url: `${origin}/proconf/api`,
        token: options.token,
        summary: {
          bucket: SUMMARY_BUCKET,
          region: SUMMARY_REGION,
          endpoint: `${origin}/proconf/api${BUCKET_MOUNT}`,
          credentials: { accessKeyId: bucket.accessKeyId, secretAccessKey: bucket.secretAccessKey },
        },
      };
    },
  };
}
