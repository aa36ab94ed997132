import type { Clock } from './clock';
import type { WatchedRoom, WatcherLogger } from './types';

/** A stable offset in [0, interval) per room, so rooms added together do not poll together. */
export function phaseOf(id: string, intervalMs: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return hash % intervalMs;
}

/** The first slot of a room's grid: the interval's current period, offset by the room's phase. */
export function firstDue(id: string, now: number, intervalMs: number): number {
  return now - (now % intervalMs) + phaseOf(id, intervalMs);
}

export interface Scheduler {
  /** Arms the room's next poll at its next slot after now, `intervalMs` apart. */
  schedule(room: WatchedRoom, intervalMs: number, task: () => Promise<void>): void;
  /** Queues `task` behind whatever the room is doing: one operation per room at a time. */
  run(room: WatchedRoom, task: () => Promise<void>): void;
  cancel(room: WatchedRoom): void;
  /** Arms nothing more and waits for every operation in flight, of rooms already dropped too. */
  close(): Promise<void>;
}

/**
 * The watcher's timing: each room polls on its own fixed grid, and its next poll is armed only
 * when the previous one has finished, so a slow vendor delays a room's read to its next slot and
 * never stacks a second one.
 */
export function createScheduler(clock: Clock, logger: WatcherLogger): Scheduler {
  const running = new Set<Promise<void>>();
  let closed = false;

  const scheduler: Scheduler = {
    schedule(room, intervalMs, task) {
      if (closed || room.removed) return;
      scheduler.cancel(room);
      const now = clock.now();
      while (room.due <= now) room.due += intervalMs;
      // A room whose interval shrank (someone looks at it now) does not wait out its old slot.
      if (room.due - now > intervalMs) room.due = now + ((room.due - now) % intervalMs || intervalMs);
      room.timer = clock.setTimeout(() => {
        room.timer = undefined;
        scheduler.run(room, task);
      }, room.due - now);
    },
    run(room, task) {
      const previous = room.busy ?? Promise.resolve();
      const current = previous
        .then(task)
        .catch((err: unknown) => logger.error({ err, room: room.id }, 'watch: poll failed'))
        .finally(() => {
          if (room.busy === current) room.busy = undefined;
          running.delete(current);
        });
      room.busy = current;
      running.add(current);
    },
    cancel(room) {
      if (room.timer !== undefined) clock.clearTimeout(room.timer);
      room.timer = undefined;
    },
    async close() {
      closed = true;
      await Promise.all([...running]);
    },
  };
  return scheduler;
}
