import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { catchUpSchema, roomSummarySchema, type RoomSummary } from '../../src/contract/dashboard';
import { providerIdSchema, type ProviderId } from '../../src/contract/ids';
import type { RoomRef } from '../../src/contract/roomAccess';
import { callSnapshotSchema } from '../../src/contract/snapshot';
import { UpstreamError } from '../errors';
import type { SharedLatest, SharedListing, SharedListingRead, SharedNotice, SharedWatch } from '../watch/shared';
import type { CoordinationConnection, CoordinationLogger } from './connection';
import { CHANNELS, latestKey, leaseKey, listingKey, listingLeaseKey, lookedAtKey } from './keys';
import { leaseTtlMs, RedisWatcherLeases } from './leases';
import { parseMessage } from './message';

/** "Read in the last 30 s" (the watcher's LOOKED_AT_MS), shared. */
const LOOKED_AT_MS = 30_000;
/** One instance refreshes a room's looked-at mark at most this often. */
const LOOKED_AT_MARK_EVERY_MS = 5_000;
/** A published latest outlives its holder this long: a new holder replaces it within a few intervals. */
const LATEST_TTL_MS = 10 * 60_000;
/** How many intervals a stored listing is answered after its reader stopped storing (a dead holder). */
const LISTING_KEPT_INTERVALS = 12;

const roomOf = (room: RoomRef) => `${room.provider}:${room.callId}`;

const roomRefSchema = z
  .string()
  .min(3)
  .max(300)
  .transform((value, ctx) => {
    const separator = value.indexOf(':');
    const provider = providerIdSchema.safeParse(value.slice(0, Math.max(0, separator)));
    if (separator <= 0 || !provider.success || separator === value.length - 1) {
      ctx.addIssue({ code: 'custom', message: 'not a room' });
      return z.NEVER;
    }
    return { provider: provider.data, callId: value.slice(separator + 1) };
  });

const latestSchema = z.object({ snapshot: callSnapshotSchema.optional(), catchUp: catchUpSchema.optional() });
const noticeSchema = z.discriminatedUnion('kind', [
  z.object({ from: z.string(), room: roomRefSchema, kind: z.literal('latest'), latest: latestSchema }),
  z.object({ from: z.string(), room: roomRefSchema, kind: z.literal('events') }),
]);
const listingSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), rooms: z.array(roomSummarySchema), observedAt: z.string() }),
  z.object({ ok: z.literal(false) }),
]);

function parseJson<S extends z.ZodType>(schema: S, text: string | null): z.output<S> | undefined {
  return text === null ? undefined : parseMessage(schema, text);
}

/**
 * The watcher's side of several instances, in Redis: each room's latest observation (a key,
 * and a notice to the other instances on `roomwatch:rooms`), the looked-at marks, and the
 * vendors' listings with their own leases. While Redis is away every call answers "nothing
 * shared" and each instance reads for itself.
 */
export function createSharedWatch(connection: CoordinationConnection, instanceId: string, options: { listEveryMs: number }, logger?: CoordinationLogger): SharedWatch {
  const handlers = new Set<(notice: SharedNotice) => void>();
  const listingLeases = new RedisWatcherLeases(connection.client, listingLeaseKey);
  const heldListings = new Set<ProviderId>();
  const marked = new LRUCache<string, number>({ max: 10_000 });
  const listingTtlMs = leaseTtlMs(options.listEveryMs);

  connection.onMessage(CHANNELS.rooms, (message) => {
    const notice = parseMessage(noticeSchema, message);
    if (!notice || notice.from === instanceId) return;
    const shared: SharedNotice =
      notice.kind === 'latest' ? { room: notice.room, kind: 'latest', latest: { snapshot: notice.latest.snapshot, catchUp: notice.latest.catchUp } } : { room: notice.room, kind: 'events' };
    for (const handler of handlers) handler(shared);
  });

  const send = (notice: object) =>
    connection.attempt(
      async (redis) => {
        await redis.publish(CHANNELS.rooms, JSON.stringify({ from: instanceId, ...notice }));
      },
      () => undefined,
    );

  async function readHere(read: () => Promise<RoomSummary[]>): Promise<{ listing: SharedListing; error?: unknown }> {
    try {
      return { listing: { ok: true, rooms: await read(), observedAt: new Date().toISOString() } };
    } catch (error) {
      return { listing: { ok: false }, error };
    }
  }

  return {
    async close() {
      const held = [...heldListings];
      heldListings.clear();
      await Promise.all(held.map((provider) => connection.attempt(() => listingLeases.release(provider, instanceId), () => undefined)));
    },
    active: () => connection.status() === 'ok',
    publish(room, latest) {
      const body = JSON.stringify({ snapshot: latest.snapshot, catchUp: latest.catchUp });
      void connection.attempt(
        async (redis) => {
          await redis
            .pipeline()
            .set(latestKey(roomOf(room)), body, 'PX', LATEST_TTL_MS)
            .publish(CHANNELS.rooms, `{"from":${JSON.stringify(instanceId)},"room":${JSON.stringify(roomOf(room))},"kind":"latest","latest":${body}}`)
            .exec();
        },
        () => undefined,
      );
    },
    publishEvents(room) {
      void send({ room: roomOf(room), kind: 'events' });
    },
    async fetch(room): Promise<SharedLatest | undefined> {
      const text = await connection.attempt((redis) => redis.get(latestKey(roomOf(room))), () => null);
      const latest = parseJson(latestSchema, text);
      return latest && { snapshot: latest.snapshot, catchUp: latest.catchUp };
    },
    async heldElsewhere(room) {
      const holder = await connection.attempt((redis) => redis.get(leaseKey(roomOf(room))), () => null);
      return holder !== null && holder !== instanceId;
    },
    onNotice(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    markLookedAt(room) {
      const key = roomOf(room);
      const now = Date.now();
      const last = marked.get(key);
      if (last !== undefined && now - last < LOOKED_AT_MARK_EVERY_MS) return;
      marked.set(key, now);
      void connection.attempt((redis) => redis.set(lookedAtKey(key), '1', 'PX', LOOKED_AT_MS), () => undefined);
    },
    async lookedAt(room) {
      const ttl = await connection.attempt((redis) => redis.pttl(lookedAtKey(roomOf(room))), () => -2);
      return ttl > 0 ? Date.now() - (LOOKED_AT_MS - ttl) : undefined;
    },
    async listing(provider, read) {
      if (connection.status() !== 'ok') return throwing(provider, await readHere(read));
      const mine = await connection.attempt(
        () => (heldListings.has(provider) ? listingLeases.renew(provider, instanceId, listingTtlMs) : listingLeases.acquire(provider, instanceId, listingTtlMs)),
        () => true,
      );
      if (mine && !heldListings.has(provider)) {
        heldListings.add(provider);
        logger?.info({ provider, instance: instanceId }, 'watch: listing lease came here');
      } else if (!mine && heldListings.delete(provider)) logger?.info({ provider, instance: instanceId }, 'watch: listing lease went elsewhere');
      if (!mine) {
        const stored = parseJson(listingSchema, await connection.attempt((redis) => redis.get(listingKey(provider)), () => null));
        // The holder has stored nothing yet (it just took the lease): read it here this once.
        if (stored) return throwing(provider, { listing: stored });
      }
      const here = await readHere(read);
      if (mine) {
        await connection.attempt(
          (redis) => redis.set(listingKey(provider), JSON.stringify(here.listing), 'PX', LISTING_KEPT_INTERVALS * options.listEveryMs),
          () => undefined,
        );
      }
      return throwing(provider, here);
    },
  };
}

/** A listing that failed is thrown, as the vendor's own read would have: the overview reports it. */
function throwing(provider: ProviderId, outcome: { listing: SharedListing; error?: unknown }): SharedListingRead {
  if (outcome.listing.ok) return outcome.listing;
  throw outcome.error ?? new UpstreamError(provider, 'unavailable', 'the instance reading this listing could not read it');
}
