import type { CatchUp } from '../../src/contract/dashboard';
import type { WatchStopReason } from '../../src/contract/history';
import { emptyFold } from '../history/fold';
import { readFold } from '../history/readFold';
import type { Clock } from './clock';
import { planObservation, resumeEvents, type Observation } from './observe';
import type { RoomWriter } from './writer';
import type { WatchedRoom, WatcherDeps } from './types';

export interface RoomPollerParts {
  deps: WatcherDeps;
  clock: Clock;
  writer: RoomWriter;
  /** Stops watching the room (timer, pending diff, membership); `ended` remembers it as finished. */
  remove(room: WatchedRoom, ended?: boolean): void;
  /** Arms the room's next poll. */
  reschedule(room: WatchedRoom): void;
  /** Whether this poll reads the vendor (with leases, polls renew the lease more often than the room is read). */
  readDue(room: WatchedRoom): boolean;
  isClosed(): boolean;
}

export interface RoomPoller {
  poll(room: WatchedRoom): Promise<void>;
  /** Writes watch.stopped for a room that was being watched; a room never seen just goes. */
  stop(room: WatchedRoom, reason: WatchStopReason): Promise<void>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One poll of one room: read it from the vendor, diff it against what the history last said
 * (observe.ts), and hand the events to the writer. Also the room's first read of its stored
 * history, and its watch.stopped.
 */
export function createRoomPoller(parts: RoomPollerParts): RoomPoller {
  const { deps, clock, writer } = parts;
  const { store, settings, logger } = deps;

  const mayWatch = async (room: WatchedRoom): Promise<boolean> => (deps.lease ? deps.lease(room.key) : true);

  async function load(room: WatchedRoom): Promise<void> {
    const stored = await store.room(room.key);
    const fold = stored ? await readFold(store, room.key) : emptyFold();
    const lastObservedAt = stored?.record.lastObservedAt ?? null;
    room.view = { fold, basis: fold.watching ? (stored?.lastSnapshot ?? null) : null, lastObservedAt, persistedAt: clock.now() };
    const endedAt = lastObservedAt ? Date.parse(lastObservedAt) : Number.NEGATIVE_INFINITY;
    if (!fold.watching && fold.state === 'ended' && !(room.listedLiveAt >= endedAt)) return parts.remove(room, true);
    if (!fold.watching && room.resumeOnly) return parts.remove(room);
    const resumed = resumeEvents(fold, lastObservedAt, iso(clock.now()));
    if (resumed.length > 0) {
      logger.info({ room: room.id, since: lastObservedAt }, 'watch: resuming a room the last process was watching');
      // Unwritten, the not_watching gap would be lost: read the store again at the next poll.
      if (!(await writer.commit(room, resumed, room.view.basis, lastObservedAt))) room.view = undefined;
    }
  }

  async function observe(room: WatchedRoom): Promise<Observation> {
    try {
      const snapshot = await deps.getSnapshot(room.key);
      let catchUp: CatchUp | undefined;
      const now = clock.now();
      if (deps.getCatchUp && !snapshot.stale && now - room.catchUpReadAt >= settings.catchUpEveryMs) {
        room.catchUpReadAt = now;
        // The summary is a nicety next to the status: its failure is no gap.
        catchUp = await deps.getCatchUp(room.key).catch(() => undefined);
      }
      deps.board?.putSnapshot(room.key, snapshot);
      if (catchUp) deps.board?.putCatchUp(room.key, catchUp);
      return { kind: 'snapshot', snapshot, catchUp };
    } catch (error) {
      deps.board?.putFailure(room.key);
      return { kind: 'failure', error };
    }
  }

  async function poll(room: WatchedRoom): Promise<void> {
    if (parts.isClosed() || room.removed) return;
    const idle = clock.now() - room.interest > settings.idleMs;
    const wasLeased = room.leased;
    room.leased = await mayWatch(room);
    // The lease just came here: carry on from the previous holder's last read (on the board
    // through Redis), or read now if there is none. A lease that moves under load (a holder's
    // poll late past the lease) then costs no extra vendor read.
    if (room.leased && wasLeased !== true) {
      const latest = deps.board?.get(room.key);
      const observedAt = latest?.snapshot?.observedAt;
      room.lastReadAt = observedAt ? Math.min(clock.now(), Date.parse(observedAt)) : Number.NEGATIVE_INFINITY;
      // Its catch-up too, when the previous holder published one (read no later than its last snapshot).
      if (latest?.catchUp) room.catchUpReadAt = Math.max(room.catchUpReadAt, room.lastReadAt);
    }
    if (!room.leased) {
      // Another instance watches it and writes its history: re-read the store if it comes back.
      // Viewers here read it through the provider meanwhile, not from an answer nobody refreshes.
      room.view = undefined;
      // With several instances its holder publishes what it reads: viewers here are answered from that.
      if (deps.mirror) await deps.mirror(room.key).catch((err: unknown) => logger.warn({ err, room: room.id }, 'watch: could not read the room\'s shared latest'));
      else deps.board?.drop(room.key);
      if (idle) parts.remove(room);
      return parts.reschedule(room);
    }
    if (idle) {
      parts.remove(room);
      return stop(room, 'idle');
    }
    // Someone may be reading the room through another instance: it keeps the looked-at pace.
    const lookedAt = deps.sharedLookedAt ? await deps.sharedLookedAt(room.key).catch(() => undefined) : undefined;
    if (lookedAt !== undefined && lookedAt > room.lookedAt) room.lookedAt = lookedAt;
    if (!room.view) {
      try {
        await load(room);
      } catch (err) {
        // The store does not answer: try again at the next slot (a thrown poll would never be rescheduled).
        logger.warn({ err, room: room.id }, 'watch: could not read the room from the store; retrying at the next poll');
        // Live status does not depend on the store: viewers still get each new observation.
        if (!room.removed && !parts.isClosed() && parts.readDue(room)) {
          room.lastReadAt = clock.now();
          await observe(room);
        }
        return parts.reschedule(room);
      }
    }
    const view = room.view;
    if (room.removed || parts.isClosed()) return;
    if (!view) return parts.reschedule(room);
    if (!parts.readDue(room)) return parts.reschedule(room);
    room.forceRead = false;
    room.lastReadAt = clock.now();
    const observation = await observe(room);
    const plan = planObservation(view, observation, iso(clock.now()), deps.nameOf);
    if (plan.bug !== undefined) logger.error({ err: plan.bug, room: room.id }, 'watch: reading the room failed unexpectedly');
    const lastObservedAt = plan.observedAt ?? view.lastObservedAt;
    const heartbeat = plan.observedAt !== null && view.fold.watching && clock.now() - view.persistedAt >= settings.persistEveryMs;
    // A room with an unwritten diff writes even when the change has since been undone: the
    // stored snapshot moves on, and the log says what was dropped.
    const due = plan.events.length > 0 || heartbeat || (writer.pending(room) && plan.observedAt !== null);
    const written = due ? await writer.commit(room, plan.events, plan.basis, lastObservedAt) : true;
    if (plan.stop && written) return parts.remove(room, plan.stop === 'ended');
    parts.reschedule(room);
  }

  async function stop(room: WatchedRoom, reason: WatchStopReason): Promise<void> {
    try {
      await writeStopped(room, reason);
    } finally {
      // Taken again to write watch.stopped: handed back once it is written.
      deps.unlease?.(room.key);
    }
  }

  async function writeStopped(room: WatchedRoom, reason: WatchStopReason): Promise<void> {
    if (!(await mayWatch(room))) return;
    if (!room.view) await load(room).catch((err: unknown) => logger.warn({ err, room: room.id }, 'watch: could not read the room to stop it'));
    const view = room.view;
    if (!view?.fold.watching) return;
    const at = iso(clock.now());
    const stopped = await writer.commit(room, [{ kind: 'watch.stopped', at, observedAt: at, reason }], view.basis, view.lastObservedAt);
    if (!stopped) logger.warn({ room: room.id, reason }, 'watch: watch.stopped not written; a restart will resume the room');
  }

  return { poll, stop };
}
