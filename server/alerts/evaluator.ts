import type { AlertRule } from '../../src/contract/alerts';
import type { RoomEvent } from '../../src/contract/history';
import type { RoomRef } from '../../src/contract/roomAccess';
import { applyEvents, type RoomFold } from '../history/fold';
import { readFold } from '../history/readFold';
import type { HistoryStore } from '../history/store';
import type { Clock, TimerHandle } from '../watch/clock';
import type { Watcher } from '../watch/watcher';
import { conditionHolds, conditionStillHolds, ruleMatches, type PolicyStretch } from './conditions';
import type { DelivererLogger } from './deliverer';
import type { AlertStore, StoredAlert } from './store';

export interface EvaluatorDeps {
  history: HistoryStore;
  watcher: Pick<Watcher, 'onEvents'>;
  alerts: AlertStore;
  clock: Clock;
  logger: DelivererLogger;
  /** Told when an episode opened or resolved (the deliverer reads its queue). */
  changed(): void;
  /** How often conditions that depend on time alone (afterSec, a long gap) are looked at again. */
  tickMs?: number;
  /** How often rules are re-read from the store (another instance may have changed them). */
  rulesEveryMs?: number;
  /** For `policy.violated`: the governed call's open violation stretch, if any (recording assurance). */
  policyStretch?: (room: RoomRef, now: number) => Promise<PolicyStretch | null>;
  /**
   * Several instances: alerts follow the lease. Only the rooms this instance reads now are
   * evaluated; a room that comes here is loaded (its history and open episodes) from the
   * store, and one that goes is forgotten here without resolving anything. Without it every
   * room the watcher writes is evaluated (one instance).
   */
  leases?: { holds(room: RoomRef): boolean; heldRooms(): RoomRef[] };
}

export interface Evaluator {
  /** Loads rules, open episodes and the rooms being watched, then subscribes. */
  start(): Promise<void>;
  /** Rules changed through this instance: re-read them and evaluate at once. */
  rulesChanged(): void;
  close(): Promise<void>;
}

const idOf = (room: RoomRef) => `${room.provider}:${room.callId}`;
const episodeKey = (ruleId: string, room: RoomRef) => `${ruleId}|${idOf(room)}`;

/** URLs of a rule's webhook channels. */
export const webhookUrls = (rule: Pick<AlertRule, 'channels'>) =>
  rule.channels.flatMap((channel) => (channel.type === 'webhook' ? [channel.url] : []));

/**
 * Keeps a fold per watched room from the watcher's numbered events and opens or resolves
 * episodes as the rules' conditions start or stop holding. All work runs one step at a time on
 * one queue, so an event batch and a tick never race over the same episode; the store's one-open
 * index settles a race between instances.
 */
export function createEvaluator(deps: EvaluatorDeps): Evaluator {
  const { alerts, clock, logger } = deps;
  const tickMs = deps.tickMs ?? 1000;
  const rulesEveryMs = deps.rulesEveryMs ?? 10_000;
  const rooms = new Map<string, { room: RoomRef; fold: RoomFold }>();
  const open = new Map<string, StoredAlert>();
  let rules: AlertRule[] = [];
  let rulesReadAt = Number.NEGATIVE_INFINITY;
  let queue: Promise<void> = Promise.resolve();
  let timer: TimerHandle | undefined;
  let unsubscribe: (() => void) | undefined;
  let closed = false;

  function enqueue(step: () => Promise<void>): void {
    queue = queue.then(step).catch((err: unknown) => logger.error({ err }, 'alerts: evaluating rules failed'));
  }

  async function loadRoom(room: RoomRef): Promise<void> {
    if (!rooms.has(idOf(room))) rooms.set(idOf(room), { room, fold: await readFold(deps.history, room) });
  }

  /** Rooms whose lease came here: their history and the episodes another instance left open (one read of those for all). */
  async function takeOver(taken: readonly RoomRef[]): Promise<void> {
    if (taken.length === 0) return;
    const ids = new Set(taken.map(idOf));
    const episodes = (await alerts.listAlerts('open', 10_000)).filter((episode) => ids.has(idOf(episode)));
    for (const room of taken) await loadRoom(room);
    for (const episode of episodes) open.set(episodeKey(episode.ruleId, episode), episode);
    logger.info({ rooms: taken.length, openAlerts: episodes.length }, 'alerts: evaluating rooms whose lease came here');
  }

  /** Follows the leases: rooms read elsewhere now are forgotten here, rooms read here are taken over. */
  async function followLeases(): Promise<void> {
    const leases = deps.leases;
    if (!leases) return;
    for (const [id, entry] of rooms) {
      if (leases.holds(entry.room)) continue;
      rooms.delete(id);
      for (const [key, episode] of open) if (idOf(episode) === id) open.delete(key);
    }
    await takeOver(leases.heldRooms().filter((room) => !rooms.has(idOf(room))));
  }

  async function readRules(): Promise<void> {
    rules = await alerts.listRules();
    rulesReadAt = clock.now();
  }

  async function evaluate(entry: { room: RoomRef; fold: RoomFold }, now: number): Promise<void> {
    const iso = new Date(now).toISOString();
    // Read only when a policy.violated rule applies: it folds the call's events.
    let stretch: PolicyStretch | null | undefined;
    for (const rule of rules) {
      if (!rule.enabled || !ruleMatches(rule, entry.room)) continue;
      if (rule.when === 'policy.violated' && stretch === undefined) stretch = (await deps.policyStretch?.(entry.room, now)) ?? null;
      const key = episodeKey(rule.id, entry.room);
      const episode = open.get(key);
      if (!episode && conditionHolds(rule, entry.fold, now, stretch)) {
        const opened = await alerts.openAlert({ ruleId: rule.id, ...entry.room, kind: rule.when, openedAt: iso }, webhookUrls(rule), iso);
        if (opened) {
          open.set(key, opened);
          logger.info({ alert: opened.id, rule: rule.id, room: idOf(entry.room), kind: rule.when }, 'alerts: alert opened');
          deps.changed();
        } else {
          // Another instance opened it: follow its episode rather than open a second.
          const theirs = (await alerts.listAlerts('open', 1000)).find((a) => episodeKey(a.ruleId, a) === key);
          if (theirs) open.set(key, theirs);
        }
      } else if (episode && !conditionStillHolds(rule, entry.fold, now, stretch)) {
        await resolve(key, episode, iso);
      }
    }
  }

  async function resolve(key: string, episode: StoredAlert, iso: string): Promise<void> {
    const urls = [...new Set(episode.deliveries.filter((d) => d.event === 'alert.opened').map((d) => d.url))];
    const resolved = await alerts.resolveAlert(episode.id, iso, urls);
    open.delete(key);
    if (resolved) {
      logger.info({ alert: episode.id, rule: episode.ruleId, room: idOf(episode) }, 'alerts: alert resolved');
      deps.changed();
    }
  }

  async function sweep(): Promise<void> {
    const now = clock.now();
    await followLeases();
    // An episode whose rule is not known here (made on another instance since the last read)
    // must not be taken for a deleted rule's: read the rules first.
    const unknownRule = [...open.values()].some((episode) => !rules.some((rule) => rule.id === episode.ruleId));
    if (now - rulesReadAt >= rulesEveryMs || unknownRule) await readRules();
    const live = new Map(rules.filter((r) => r.enabled).map((r) => [r.id, r]));
    // Episodes whose rule was deleted or disabled end now; those of rooms no longer watched end too.
    for (const [key, episode] of open) {
      const entry = rooms.get(idOf(episode));
      if (!live.has(episode.ruleId) || !entry) await resolve(key, episode, new Date(now).toISOString());
    }
    for (const [id, entry] of rooms) {
      await evaluate(entry, now);
      const hasOpen = [...open.values()].some((a) => idOf(a) === id);
      // A room still read here stays (else it would be taken over again at every tick).
      if (!entry.fold.watching && !hasOpen && !deps.leases?.holds(entry.room)) rooms.delete(id);
    }
  }

  function onEvents(room: RoomRef, events: readonly RoomEvent[]): void {
    enqueue(async () => {
      const entry = rooms.get(idOf(room));
      // A room first seen is read whole from the store (its history includes these events).
      // A fold read from the store may already hold this batch: apply only what is newer.
      if (entry) applyEvents(entry.fold, events.filter((event) => event.seq > entry.fold.lastSeq));
      else if (deps.leases) await takeOver([room]);
      else await loadRoom(room);
      const loaded = rooms.get(idOf(room));
      if (loaded) await evaluate(loaded, clock.now());
    });
  }

  function arm(): void {
    if (closed) return;
    timer = clock.setTimeout(() => {
      enqueue(sweep);
      void queue.then(arm);
    }, tickMs);
  }

  return {
    async start() {
      // Subscribed first, loaded on the same queue: no batch written meanwhile is missed.
      unsubscribe = deps.watcher.onEvents(onEvents);
      enqueue(async () => {
        await readRules();
        // Following leases, the rooms (and their episodes) are taken as their leases come here.
        if (deps.leases) return;
        for (const episode of await alerts.listAlerts('open', 10_000)) {
          open.set(episodeKey(episode.ruleId, episode), episode);
          await loadRoom(episode);
        }
        for (const room of await deps.history.openRooms()) await loadRoom(room);
      });
      enqueue(sweep);
      await queue;
      arm();
    },
    rulesChanged() {
      rulesReadAt = Number.NEGATIVE_INFINITY;
      enqueue(sweep);
    },
    async close() {
      closed = true;
      unsubscribe?.();
      if (timer !== undefined) clock.clearTimeout(timer);
      await queue;
    },
  };
}
