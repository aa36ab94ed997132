import { LRUCache } from 'lru-cache';
import type { ProviderId } from '../../src/contract/ids';
import type { RoomRef } from '../history/store';
import type { Clock } from './clock';
import { LOOKED_AT_MS, type WatchSettings } from './config';
import { firstDue } from './scheduler';
import { idOf, type WatchedRoom, type WatcherLogger } from './types';

export interface AddHow {
  /** Only because the store had it open at start-up (see WatchedRoom.resumeOnly). */
  resumeOnly?: boolean;
  /** A listing calls it live. */
  live?: boolean;
  /**
   * Only into a free place (a listing, the rooms resumed at start-up): such a room never
   * displaces a watched one. Only someone reading a room makes room for it.
   */
  freePlaceOnly?: boolean;
}

export interface Capacity {
  readonly rooms: ReadonlyMap<string, WatchedRoom>;
  /** The room, new or already watched (interest renewed), or undefined when refused or finished. */
  admit(key: RoomRef, now: number, how?: AddHow): { room: WatchedRoom; added: boolean } | undefined;
  /** Forgets the room (its timer and pending writes are the caller's). */
  release(room: WatchedRoom): void;
  /** A room seen to end: not taken on again for WATCH_IDLE_MINUTES unless a listing calls it live. */
  finished(room: WatchedRoom): void;
  watchedOf(provider: ProviderId): number;
  counts(): { droppedForCapacity: number; refusedForCapacity: number };
}

/** At most one capacity warning per this long: a burst of new rooms drops one room each. */
export const CAPACITY_LOG_EVERY_MS = 60_000;

/**
 * Which rooms are watched, within WATCH_MAX_ROOMS: a newcomer drops the room wanted least recently
 * (if older than the newcomer), else it is refused. `evict` is told of each dropped room.
 */
export function createCapacity(settings: WatchSettings, clock: Clock, logger: WatcherLogger, evict: (room: WatchedRoom) => void): Capacity {
  const rooms = new Map<string, WatchedRoom>();
  // Rooms seen to end: listings and pinned rooms may keep naming them; they are not read again
  // unless a listing calls them live (a reused room name), or after the idle time has passed.
  const ended = new LRUCache<string, true>({ max: 10_000, ttl: settings.idleMs, perf: { now: () => clock.now() } });
  const perProvider = new Map<ProviderId, number>();
  let droppedForCapacity = 0;
  let refusedForCapacity = 0;
  let loggedAt = Number.NEGATIVE_INFINITY;
  let droppedSinceLog = 0;
  // Full with no room older than this instant: interest only grows, so until a room goes, every
  // newcomer at this instant is refused without another scan (a listing of thousands adds them all at once).
  let fullAt: number | undefined;

  const count = (provider: ProviderId, by: number) => perProvider.set(provider, (perProvider.get(provider) ?? 0) + by);

  /**
   * Makes room for a room someone reads: the room nobody has looked at for longest goes first
   * (a listing renewing it does not shield it), then the room read longest ago. False when every
   * watched room was read at this very instant.
   */
  function dropLongestIdle(now: number): boolean {
    if (fullAt === now) return false;
    const looked = (room: WatchedRoom) => now - room.lookedAt < LOOKED_AT_MS;
    let victim: WatchedRoom | undefined;
    let victimLooked = true;
    for (const room of rooms.values()) {
      const roomLooked = looked(room);
      if (!victim || (victimLooked && !roomLooked) || (victimLooked === roomLooked && room.interest < victim.interest)) {
        victim = room;
        victimLooked = roomLooked;
      }
    }
    if (!victim || (victimLooked && victim.interest >= now)) {
      fullAt = now;
      return false;
    }
    droppedForCapacity += 1;
    droppedSinceLog += 1;
    // Each drop is on a first read's path (and counted in status()): ten thousand rooms read once
    // would otherwise write ten thousand lines before their answers.
    if (now - loggedAt >= CAPACITY_LOG_EVERY_MS) {
      logger.warn({ room: victim.id, maxRooms: settings.maxRooms, dropped: droppedSinceLog }, 'watch: at WATCH_MAX_ROOMS, dropping the longest-idle room');
      loggedAt = now;
      droppedSinceLog = 0;
    }
    evict(victim);
    return true;
  }

  const capacity: Capacity = {
    rooms,
    admit(key, now, how = {}) {
      const id = idOf(key);
      const resumeOnly = how.resumeOnly ?? false;
      const live = how.live ?? false;
      const existing = rooms.get(id);
      if (existing) {
        existing.interest = Math.max(existing.interest, now);
        existing.resumeOnly &&= resumeOnly;
        if (live) existing.listedLiveAt = now;
        return { room: existing, added: false };
      }
      if (live) ended.delete(id);
      if (ended.has(id)) return undefined;
      if (rooms.size >= settings.maxRooms && (how.freePlaceOnly === true || !dropLongestIdle(now))) {
        refusedForCapacity += 1;
        return undefined;
      }
      const room: WatchedRoom = {
        key: { provider: key.provider, callId: key.callId },
        id,
        interest: now,
        lookedAt: Number.NEGATIVE_INFINITY,
        leased: undefined,
        lastReadAt: Number.NEGATIVE_INFINITY,
        forceRead: false,
        due: firstDue(id, now, settings.intervalMs),
        timer: undefined,
        busy: undefined,
        removed: false,
        view: undefined,
        catchUpReadAt: Number.NEGATIVE_INFINITY,
        resumeOnly,
        listedLiveAt: live ? now : Number.NEGATIVE_INFINITY,
      };
      rooms.set(id, room);
      count(room.key.provider, 1);
      return { room, added: true };
    },
    release(room) {
      room.removed = true;
      if (rooms.get(room.id) !== room) return;
      rooms.delete(room.id);
      fullAt = undefined;
      count(room.key.provider, -1);
    },
    finished(room) {
      ended.set(room.id, true);
    },
    watchedOf(provider) {
      return perProvider.get(provider) ?? 0;
    },
    counts() {
      return { droppedForCapacity, refusedForCapacity };
    },
  };
  return capacity;
}
