import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { VendorSimulator } from '../types';
import type { ProconfVendorConfig } from '../../providers/proconf/config';
import { ProconfWorld } from './world';
import type { Random } from '../random';

const errorBody = (code: number, message: string) => ({ data: null, error: { code, message } });

export interface ProconfSimulatorOptions {
  random: Random;
  start: Date;
  /** When set, every admin request must carry `Authorization: Bearer <token>`. */
  token?: string;
}

const controlSchema = z.object({
  recording: z.boolean().optional(),
  transcription: z.boolean().optional(),
  append: z.string().max(10_000).optional(),
  ended: z.boolean().optional(),
});

/** ProCONF admin backend: `/sessions-status/:room_name`, `/call-catchup/:room_name`, `/meetings`. */
export function createProconfSimulator(options: ProconfSimulatorOptions): VendorSimulator<ProconfVendorConfig> & { world: ProconfWorld } {
  const world = new ProconfWorld(options.random, options.start);

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
      return { url: `${origin}/proconf/api`, token: options.token };
    },
  };
}
