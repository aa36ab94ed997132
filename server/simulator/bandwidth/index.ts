import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Random } from '../random';
import type { VendorSimulator } from '../types';
import type { BandwidthVendorConfig } from '../../providers/bandwidth/config';
import { BandwidthWorld, type BandwidthConference, type BandwidthMember } from './world';
import { sendBandwidthCallbacks } from './webhooks';

export interface BandwidthSimulatorOptions {
  random: Random;
  start: Date;
  userId: string;
  apiToken: string;
  apiSecret: string;
}

/** Catapult's error body: `{"category","code","message","details":[{"name","value"}]}`. */
const errorBody = (category: string, code: string, message: string, details: { name: string; value: string }[] = []) => ({
  category,
  code,
  message,
  details,
});

/** Catapult writes times without milliseconds. */
const time = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

function conferenceBody(world: BandwidthWorld, c: BandwidthConference, base: string) {
  return {
    id: c.id,
    state: c.state,
    from: c.from,
    createdTime: time(c.createdTime),
    ...(c.completedTime ? { completedTime: time(c.completedTime) } : {}),
    activeMembers: world.activeMembers(c),
    hold: c.hold,
    mute: c.mute,
    profile: c.profile,
    callbackUrl: 'https://example.com/bandwidth/events',
    callbackHttpMethod: 'POST',
    tag: c.tag,
    members: `${base}/conferences/${c.id}/members`,
  };
}

function memberBody(m: BandwidthMember, base: string) {
  return {
    id: m.id,
    state: m.state,
    mute: m.mute,
    hold: m.hold,
    joinTone: m.joinTone,
    leavingTone: m.leavingTone,
    addedTime: time(m.addedTime),
    // Catapult sends removedTime only once the member has been removed.
    ...(m.removedTime ? { removedTime: time(m.removedTime) } : {}),
    call: `${base}/calls/${m.callId}`,
  };
}

/** `GET /calls/{callId}` as getCallsCallId.md shows it (the fields a conference leg has). */
function callBody(c: BandwidthConference, m: BandwidthMember, base: string, bridgeNumber: string) {
  return {
    id: m.callId,
    direction: m.direction,
    from: m.direction === 'in' ? m.number : bridgeNumber,
    to: m.direction === 'in' ? bridgeNumber : m.number,
    state: m.state === 'active' ? 'active' : 'completed',
    startTime: time(m.addedTime),
    activeTime: time(m.addedTime),
    ...(m.removedTime ? { endTime: time(m.removedTime), chargeableDuration: 60 } : {}),
    recordingEnabled: m.recordingEnabled,
    recordingFileFormat: 'wav',
    transcriptionEnabled: m.transcriptionEnabled,
    conferenceId: c.id,
    conference: `${base}/conferences/${c.id}`,
    recordings: `${base}/calls/${m.callId}/recordings`,
    transcriptions: `${base}/calls/${m.callId}/transcriptions`,
    events: `${base}/calls/${m.callId}/events`,
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const controlSchema = z.object({
  add: z.boolean().optional(),
  /** Adds a member whose call records (and is transcribed when `transcription`). */
  addRecording: z.boolean().optional(),
  recording: z.boolean().optional(),
  transcription: z.boolean().optional(),
  removeAll: z.boolean().optional(),
  complete: z.boolean().optional(),
});

/** Catapult v1 under `/bandwidth`: conference and members, HTTP Basic checked on every request. */
export function createBandwidthSimulator(options: BandwidthSimulatorOptions): VendorSimulator<BandwidthVendorConfig> & { world: BandwidthWorld } {
  const world = new BandwidthWorld(options.random, options.start);
  const expected = `Basic ${Buffer.from(`${options.apiToken}:${options.apiSecret}`).toString('base64')}`;

  const authorized = (request: FastifyRequest<{ Params: { userId: string } }>, reply: FastifyReply): boolean => {
    if (!sameSecret(request.headers.authorization ?? '', expected)) {
      void reply
        .code(401)
        .header('www-authenticate', 'Basic realm="catapult"')
        .send(errorBody('unauthorized', 'unauthorized', 'Invalid credentials'));
      return false;
    }
    if (request.params.userId !== options.userId) {
      void reply
        .code(403)
        .send(errorBody('forbidden', 'user-access-denied', 'Access to this user is not allowed', [{ name: 'userId', value: request.params.userId }]));
      return false;
    }
    return true;
  };

  const notFound = (reply: FastifyReply, id: string) =>
    reply
      .code(404)
      .send(errorBody('not-found', 'conference-not-found', `Conference ${id} is not found`, [{ name: 'conferenceId', value: id }]));

  return {
    vendor: 'bandwidth',
    prefix: '/bandwidth',
    world,
    register(app: FastifyInstance) {
      type Params = { userId: string; conferenceId: string };
      app.get<{ Params: Params }>('/v1/users/:userId/conferences/:conferenceId', async (request, reply) => {
        if (!authorized(request, reply)) return reply;
        const conference = world.conferences.get(request.params.conferenceId);
        if (!conference) return notFound(reply, request.params.conferenceId);
        return conferenceBody(world, conference, `https://api.catapult.inetwork.com/v1/users/${options.userId}`);
      });
      app.get<{ Params: Params }>('/v1/users/:userId/conferences/:conferenceId/members', async (request, reply) => {
        if (!authorized(request, reply)) return reply;
        const conference = world.conferences.get(request.params.conferenceId);
        if (!conference) return notFound(reply, request.params.conferenceId);
        const base = `https://api.catapult.inetwork.com/v1/users/${options.userId}`;
        // Catapult's quirk, kept on purpose: an empty member list comes back as `{}`.
        return conference.members.length === 0 ? {} : conference.members.map((m) => memberBody(m, base));
      });
      app.get<{ Params: { userId: string; callId: string } }>('/v1/users/:userId/calls/:callId', async (request, reply) => {
        if (!authorized(request, reply)) return reply;
        const found = world.call(request.params.callId);
        if (!found) {
          return reply
            .code(404)
            .send(errorBody('not-found', 'call-not-found', `Call ${request.params.callId} is not found`, [{ name: 'callId', value: request.params.callId }]));
        }
        const base = `https://api.catapult.inetwork.com/v1/users/${options.userId}`;
        return callBody(found.conference, found.member, base, found.conference.from);
      });
    },
    registerControl(app: FastifyInstance) {
      app.get('/conferences', async () => ({ ids: world.ids() }));
      app.post<{ Params: { id: string } }>('/conferences/:id', async (request, reply) => {
        const change = controlSchema.safeParse(request.body);
        const conference = world.conferences.get(request.params.id);
        if (!change.success || !conference) return reply.code(change.success ? 404 : 400).send({ ok: false });
        const now = new Date();
        if (change.data.recording !== undefined) {
          world.setRecording(conference, change.data.recording, change.data.transcription ?? conference.transcription);
        }
        if (change.data.addRecording) {
          const previous = { recording: conference.recording, transcription: conference.transcription };
          conference.recording = true;
          conference.transcription = change.data.transcription ?? false;
          world.add(conference, now);
          conference.recording = previous.recording;
          conference.transcription = previous.transcription;
        }
        if (change.data.add) world.add(conference, now);
        if (change.data.removeAll) for (const m of conference.members) world.remove(m, now);
        if (change.data.complete) world.complete(conference, now);
        return { ok: true, state: conference.state, activeMembers: world.activeMembers(conference) };
      });
    },
    tick(now: Date) {
      world.tick(now);
    },
    sendRateLimited(reply, retryAfterMs) {
      void reply
        .code(429)
        .header('x-ratelimit-limit', '1')
        .header('x-ratelimit-remaining', '0')
        .header('x-ratelimit-reset', String(Date.now() + retryAfterMs))
        .send(errorBody('too-many-requests', 'rate-limit-reached', 'You have exceeded your rate limit'));
    },
    sendServerError(reply) {
      void reply.code(500).send(errorBody('unexpected', 'internal-server-error', 'An internal server error occurred: db shard 7 unavailable'));
    },
    bffConfig(origin: string): BandwidthVendorConfig {
      return { url: `${origin}/bandwidth`, userId: options.userId, apiToken: options.apiToken, apiSecret: options.apiSecret };
    },
    demoCalls() {
      return [...world.conferences.values()].filter((c) => c.anchor).map((c) => c.id);
    },
    sendWebhooks(target, deliveries) {
      return sendBandwidthCallbacks(world, options.userId, target, deliveries);
    },
  };
}
